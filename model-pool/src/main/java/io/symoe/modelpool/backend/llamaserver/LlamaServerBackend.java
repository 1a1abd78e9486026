package io.symoe.modelpool.backend.llamaserver;

import io.symoe.core.config.BackendConfig;
import io.symoe.core.config.LlamaServerSettings;
import io.symoe.core.generation.Generation;
import io.symoe.core.generation.GenerationException;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Prompt;
import io.symoe.modelpool.backend.CallPolicy;
import io.symoe.modelpool.backend.Capabilities;
import io.symoe.modelpool.backend.Health;
import io.symoe.modelpool.backend.ModelBackend;
import io.symoe.modelpool.backend.openai.OpenAiBackend;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * {@code kind: llama-server}: symoe runs llama.cpp's server itself, as llama-swap does. Loading a model spawns
 * {@code llama-server -m FILE} on a free loopback port and waits for {@code /health}; generating calls its
 * OpenAI-compatible {@code /v1/chat/completions}; unloading stops the process. Each process logs to
 * {@code LOG_DIR/<backend>-<model>.log}.
 *
 * <p>A server that dies (crash, {@code kill -9}) is noticed through its wrapper's exit at once; the next call for
 * its model starts a new one, so a retried request is answered by a fresh process rather than lost. A server that
 * cannot start fails only its own model's calls, with the server's last log lines in the error.
 */
public final class LlamaServerBackend implements ModelBackend {
    private static final System.Logger LOG = System.getLogger(LlamaServerBackend.class.getName());

    /** A model this backend serves: its pool id and its GGUF file. */
    public record Model(String id, Path gguf) {
        public Model {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(gguf, "gguf");
        }
    }

    /** A started server and the client that talks to it. */
    private record Running(ServerProcess process, OpenAiBackend client) {}

    private final Vertx vertx;
    private final BackendConfig config;
    private final LlamaServerSettings settings;
    private final Map<String, Model> models;
    private final CallPolicy policy;
    private final boolean stream;
    private final Path logDir;
    private final IntSupplier ports;
    private final List<Consumer<ServerProcess.Exit>> exitListeners = new CopyOnWriteArrayList<>();
    /** Calls in flight across batches: max-concurrency, queued without a thread, so the bulkhead never fires. */
    private final io.symoe.modelpool.backend.openai.AsyncSlots slots;
    private final ExecutorService starter = Executors.newVirtualThreadPerTaskExecutor();
    /** model id → its server, started or starting; guarded by {@code this}. */
    private final Map<String, CompletableFuture<Running>> servers = new HashMap<>();
    private final Map<String, Long> restarts = new HashMap<>();
    private boolean closed;

    public LlamaServerBackend(Vertx vertx, BackendConfig config, List<Model> models, CallPolicy policy,
                              boolean stream, Path logDir) {
        this(vertx, config, models, policy, stream, logDir, LlamaServerBackend::freePort);
    }

    /** @param ports the port for each start; a port already taken makes that start fail and the next one try another */
    LlamaServerBackend(Vertx vertx, BackendConfig config, List<Model> models, CallPolicy policy, boolean stream,
                       Path logDir, IntSupplier ports) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.config = Objects.requireNonNull(config, "config");
        this.settings = Objects.requireNonNull(config.server(), "config.server");
        Map<String, Model> byId = new LinkedHashMap<>();
        models.forEach(m -> byId.put(m.id(), m));
        this.models = Map.copyOf(byId);
        this.policy = Objects.requireNonNull(policy, "policy");
        this.stream = stream;
        this.logDir = Objects.requireNonNull(logDir, "logDir");
        this.ports = Objects.requireNonNull(ports, "ports");
        this.slots = new io.symoe.modelpool.backend.openai.AsyncSlots(config.maxConcurrency());
    }

    /**
     * The {@code llama-server} binary: {@code server.binary}, else {@code $SYMOE_LLAMACPP_BIN/llama-server}, else
     * the newest build of {@code ops/llamacpp/build.sh} in {@code ${SYMOE_CACHE:-~/.cache/symoe}}.
     */
    public static Optional<Path> defaultBinary() {
        String bin = System.getenv("SYMOE_LLAMACPP_BIN");
        if (bin != null && !bin.isBlank()) {
            return Optional.of(Path.of(bin, "llama-server"));
        }
        String cache = System.getenv("SYMOE_CACHE");
        Path dir = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "symoe");
        try (var builds = Files.list(dir)) {
            return builds.filter(d -> d.getFileName().toString().startsWith("llama.cpp-"))
                    .map(d -> d.resolve("bin/llama-server")).filter(Files::isExecutable).sorted().reduce((a, b) -> b);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    Path binary() {
        if (settings.binary() != null) {
            return Path.of(settings.binary());
        }
        return defaultBinary().orElse(null);
    }

    /** Estimated resident size of the model's server, for the residency manager's budget. */
    public GgufFootprint footprint(String modelId) {
        Model m = model(modelId);
        try {
            return GgufFootprint.of(m.gguf(), settings.ctxSize(), settings.parallel());
        } catch (IOException e) {
            // A missing file fails when the model loads, with its path; until then it weighs nothing.
            return new GgufFootprint(0, 0, 0, GgufFootprint.PROCESS_BYTES);
        }
    }

    /** Called when any of this backend's servers ends, with {@link ServerProcess.Exit#requested()} false on a crash. */
    public void onServerExit(Consumer<ServerProcess.Exit> listener) {
        exitListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** The OS pid of the model's running server, if one runs. */
    public Optional<Long> serverPid(String modelId) {
        return current(modelId).flatMap(r -> r.process().serverHandle()).map(ProcessHandle::pid);
    }

    /** Peak resident bytes of the model's running server, measured by the OS. */
    public Optional<Long> measuredPeakBytes(String modelId) {
        return current(modelId).flatMap(r -> r.process().peakResidentBytes());
    }

    private synchronized Optional<Running> current(String modelId) {
        CompletableFuture<Running> f = servers.get(modelId);
        return f != null && f.isDone() && !f.isCompletedExceptionally() ? Optional.of(f.join()) : Optional.empty();
    }

    private Model model(String modelId) {
        Model m = models.get(modelId);
        if (m == null) {
            throw new GenerationException(GenerationException.Kind.NOT_FOUND, modelId,
                    "backend '" + config.id() + "' (llama-server) does not serve model " + modelId + "; it serves " + models.keySet());
        }
        return m;
    }

    @Override
    public String id() {
        return config.id();
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(true, true, true, false, true);
    }

    /** The model's live server, starting one when none runs or the last one died. */
    private synchronized CompletableFuture<Running> ensureRunning(String modelId) {
        Model m = model(modelId);
        CompletableFuture<Running> f = servers.get(modelId);
        if (f != null && (!f.isDone() || !f.isCompletedExceptionally() && f.join().process().alive())) {
            return f;
        }
        if (closed) {
            return CompletableFuture.failedFuture(new GenerationException(GenerationException.Kind.PERMANENT, modelId,
                    "backend '" + config.id() + "' is closed"));
        }
        Running previous = null;
        if (f != null && !f.isCompletedExceptionally()) {
            LOG.log(System.Logger.Level.WARNING, "llama-server for model {0} is gone; starting a new one", modelId);
            previous = f.join();
            restarts.merge(modelId, 1L, Long::sum);
        }
        // The entry is about to be overwritten, so nothing else would ever stop the previous process: one that only
        // looks dead (or whose wrapper lingers) must not stay behind, holding memory the budget no longer counts.
        // Stopped on the starter thread, not under this lock: stop() may wait out the stop grace.
        Running stale = previous;
        CompletableFuture<Running> started = CompletableFuture.supplyAsync(() -> {
            if (stale != null) {
                stale.client().close();
                stale.process().stop();
            }
            return start(m);
        }, starter);
        servers.put(modelId, started);
        return started;
    }

    /** Up to three ports, since a free port found here can be taken by someone else before the server binds it. */
    private Running start(Model m) {
        Path binary = binary();
        if (binary == null || !Files.isExecutable(binary)) {
            throw new GenerationException(GenerationException.Kind.PERMANENT, m.id(), "llama-server for model " + m.id()
                    + ": " + (binary == null ? "no binary configured or built" : binary + " is not an executable")
                    + "; set server.binary of backend '" + config.id() + "', or build it with ops/llamacpp/build.sh "
                    + "and export SYMOE_LLAMACPP_BIN=<the directory it prints last>");
        }
        if (!Files.isRegularFile(m.gguf())) {
            throw new GenerationException(GenerationException.Kind.PERMANENT, m.id(), "llama-server for model " + m.id()
                    + ": GGUF file " + m.gguf() + " does not exist; fix remote-name or the path of backend '"
                    + config.id() + "'");
        }
        Path log = logDir.resolve(config.id() + "-" + m.id().replaceAll("[^A-Za-z0-9._-]", "_") + ".log");
        ServerProcess.StartFailure last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = ports.getAsInt();
            long t0 = System.nanoTime();
            try {
                ServerProcess p = ServerProcess.start(m.id(), ServerProcess.commandLine(binary, m.gguf(), settings, port),
                        port, log, settings.startTimeout(), settings.stopGrace(), this::exited);
                LOG.log(System.Logger.Level.INFO, "llama-server for model {0} up on port {1} in {2} ms (log {3})",
                        m.id(), port, (System.nanoTime() - t0) / 1_000_000, log);
                BackendConfig http = new BackendConfig(config.id() + "/" + m.id(), io.symoe.core.BackendKind.OPENAI,
                        URI.create("http://127.0.0.1:" + port), null, null, config.timeout(), config.maxConcurrency(), 0);
                return new Running(p, new OpenAiBackend(vertx, http, id -> m.gguf().getFileName().toString(),
                        CallPolicy.DIRECT, stream));
            } catch (ServerProcess.StartFailure e) {
                last = e;
                if (!String.join("\n", lastLines(log)).contains("bind")) {
                    break; // not a port clash: another port will not help
                }
            }
        }
        throw new GenerationException(GenerationException.Kind.PERMANENT, m.id(), last.getMessage());
    }

    private static List<String> lastLines(Path log) {
        try {
            List<String> all = Files.readAllLines(log);
            return all.subList(Math.max(0, all.size() - 12), all.size());
        } catch (IOException e) {
            return List.of();
        }
    }

    private void exited(ServerProcess.Exit exit) {
        if (!exit.requested()) {
            LOG.log(System.Logger.Level.WARNING, "llama-server for model {0} (pid {1}) died with code {2}; "
                    + "the next call starts a new one", exit.modelId(), exit.pid(), exit.exitCode());
        }
        exitListeners.forEach(l -> l.accept(exit));
    }

    @Override
    public CompletionStage<List<Generation>> generate(String modelId, List<Prompt> prompts, GenerationParams params) {
        if (prompts.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        try {
            model(modelId);
        } catch (GenerationException e) {
            return CompletableFuture.failedFuture(e);
        }
        List<CompletableFuture<Generation>> each = new ArrayList<>(prompts.size());
        for (Prompt p : prompts) {
            // Each attempt (the policy retries transient failures) resolves the server anew: after a crash the
            // retry reaches the replacement, on its new port.
            each.add(slots.submit(() -> policy.execute(modelId, () -> ensureRunning(modelId)
                    .thenCompose(r -> r.client().complete(modelId, p, params)))));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .thenApply(v -> each.stream().map(CompletableFuture::join).toList());
    }

    @Override
    public CompletionStage<List<String>> listModels() {
        return CompletableFuture.completedFuture(List.copyOf(models.keySet()));
    }

    @Override
    public synchronized Map<String, Long> restarts() {
        return Map.copyOf(restarts);
    }

    @Override
    public synchronized CompletionStage<Set<String>> residentModels() {
        Set<String> live = new java.util.HashSet<>();
        servers.forEach((id, f) -> {
            if (f.isDone() && !f.isCompletedExceptionally() && f.join().process().alive()) {
                live.add(id);
            }
        });
        return CompletableFuture.completedFuture(Set.copyOf(live));
    }

    @Override
    public CompletionStage<Void> load(String modelId) {
        try {
            return ensureRunning(modelId).thenApply(r -> null);
        } catch (GenerationException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletionStage<Void> unload(String modelId) {
        CompletableFuture<Running> f;
        synchronized (this) {
            f = servers.remove(modelId);
        }
        if (f == null) {
            return CompletableFuture.completedFuture(null);
        }
        return f.handle((r, err) -> r).thenAcceptAsync(r -> {
            if (r != null) {
                r.client().close();
                r.process().stop();
            }
        }, starter);
    }

    @Override
    public CompletionStage<Health> health() {
        Path binary = binary();
        if (binary == null || !Files.isExecutable(binary)) {
            return CompletableFuture.completedFuture(Health.down("backend '" + config.id()
                    + "': no llama-server binary; build it with ops/llamacpp/build.sh"));
        }
        return residentModels().thenApply(r -> Health.up(r.size() + " llama-server processes running (" + binary + ")"));
    }

    @Override
    public void close() {
        List<CompletableFuture<Running>> all;
        synchronized (this) {
            closed = true;
            all = List.copyOf(servers.values());
            servers.clear();
        }
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (CompletableFuture<Running> f : all) {
            stops.add(f.handle((r, err) -> r).thenAcceptAsync(r -> {
                if (r != null) {
                    r.client().close();
                    r.process().stop();
                }
            }, starter));
        }
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            LOG.log(System.Logger.Level.WARNING, "stopping llama-server processes: {0}", e.getMessage());
        }
        starter.shutdown();
    }

    /** A port nothing listens on now (the server binds it a moment later; a clash is retried on another). */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("no free loopback port: " + e.getMessage(), e);
        }
    }
}
