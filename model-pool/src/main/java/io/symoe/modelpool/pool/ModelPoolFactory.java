package io.symoe.modelpool.pool;

import io.symoe.core.config.BackendConfig;
import io.symoe.core.config.ModelConfig;
import io.symoe.core.config.PoolConfig;
import io.symoe.core.recorded.RecordedDataset;
import io.symoe.modelpool.backend.CallPolicy;
import io.symoe.modelpool.backend.ModelBackend;
import io.symoe.modelpool.backend.llamacpp.LlamaCppRouterBackend;
import io.symoe.modelpool.backend.llamaserver.LlamaServerBackend;
import io.symoe.modelpool.backend.llamaswap.LlamaSwapBackend;
import io.symoe.modelpool.backend.ollama.OllamaBackend;
import io.symoe.modelpool.backend.openai.OpenAiBackend;
import io.symoe.modelpool.backend.replay.ReplayBackend;
import io.symoe.modelpool.backend.replay.ReplayTiming;
import io.symoe.modelpool.backend.vllm.VllmBackend;
import io.symoe.modelpool.recorded.MmluProOutputsReader;
import io.symoe.modelpool.recorded.RouterBenchReader;
import io.symoe.modelpool.recorded.RouterDcReader;
import io.symoe.modelpool.residency.ResidencyManager;
import io.symoe.modelpool.residency.ResidentModelSpec;
import io.symoe.modelpool.resilience.BackendResilience;
import io.symoe.modelpool.resilience.ResilienceSettings;
import io.vertx.core.Vertx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * Builds a {@link ModelPool} from the pool section of the config: one backend per {@code pool.backends} entry
 * (decorated by the resilience layer when remote), one residency manager over {@code pool.models}.
 *
 * <p>{@code local} backends (the in-process accelerators engine) come from {@link Options#localBackends}, which
 * the orchestrator supplies (typically an {@code InProcessBackend}); without it they fail with a clear error.
 */
public final class ModelPoolFactory {
    private ModelPoolFactory() {}

    /**
     * @param stream           use SSE streaming for HTTP backends
     * @param replayTimeScale  multiplies replay load times (1 = real time, 0 = instantaneous)
     * @param resilience       per-backend settings not in {@code BackendConfig}
     * @param localBackends    builds a {@code local} backend from its config and the pool ids it serves
     * @param recordings       recordings the caller has already read, by their directory (absolute, normalised):
     *                         a replay backend on one of these serves it instead of reading the files again
     */
    public record Options(boolean stream, double replayTimeScale, ResilienceSettings resilience,
                          LocalBackendFactory localBackends, Map<Path, RecordedDataset> recordings) {
        public static final Options DEFAULTS = new Options(false, 1.0, ResilienceSettings.DEFAULTS, null);

        public Options {
            recordings = Map.copyOf(recordings);
        }

        public Options(boolean stream, double replayTimeScale, ResilienceSettings resilience,
                       LocalBackendFactory localBackends) {
            this(stream, replayTimeScale, resilience, localBackends, Map.of());
        }

        public Options withLocalBackends(LocalBackendFactory f) {
            return new Options(stream, replayTimeScale, resilience, f, recordings);
        }

        public Options withReplayTimeScale(double scale) {
            return new Options(stream, scale, resilience, localBackends, recordings);
        }

        /** Replay backends on {@code dir} serve {@code data} (read once by the caller, shared with its router). */
        public Options withRecordings(Path dir, RecordedDataset data) {
            Map<Path, RecordedDataset> m = new HashMap<>(recordings);
            m.put(dir.toAbsolutePath().normalize(), data);
            return new Options(stream, replayTimeScale, resilience, localBackends, m);
        }
    }

    /** Builds an in-process backend for a {@code local} backend config. */
    @FunctionalInterface
    public interface LocalBackendFactory {
        ModelBackend create(BackendConfig backend, List<ModelConfig> models);
    }

    public static ModelPool create(PoolConfig pool, Vertx vertx, BackendResilience resilience,
                                   ScheduledExecutorService timer, Options options) {
        Objects.requireNonNull(pool, "pool");
        Map<String, List<ModelConfig>> modelsByBackend = new LinkedHashMap<>();
        pool.backends().forEach(b -> modelsByBackend.put(b.id(), new ArrayList<>()));
        pool.models().forEach(m -> modelsByBackend.get(m.backend()).add(m));

        Map<String, ModelBackend> backendByModel = new HashMap<>();
        List<ModelBackend> built = new ArrayList<>();
        try {
            for (BackendConfig b : pool.backends()) {
                List<ModelConfig> models = modelsByBackend.get(b.id());
                if (models.isEmpty()) {
                    continue; // nothing to serve: do not open connections or read recordings for it
                }
                ModelBackend backend = backend(b, models, vertx, resilience, options);
                built.add(backend);
                models.forEach(m -> backendByModel.put(m.id(), backend));
            }
            List<ResidentModelSpec> specs = pool.models().stream()
                    .map(m -> new ResidentModelSpec(m.id(), footprint(m, backendByModel.get(m.id()), pool),
                            m.loadTime(), backendByModel.get(m.id())))
                    .toList();
            ResidencyManager residency = new ResidencyManager(pool.memoryBudget().bytes(), pool.minResidency(), specs, timer);
            Map<String, Integer> caps = new HashMap<>();
            pool.models().forEach(m -> caps.put(m.id(), m.maxOutputTokens()));
            return new ModelPool(backendByModel, residency, caps);
        } catch (RuntimeException e) {
            built.forEach(ModelBackend::close);
            throw e;
        }
    }

    private static ModelBackend backend(BackendConfig b, List<ModelConfig> models, Vertx vertx,
                                        BackendResilience resilience, Options options) {
        Map<String, String> remoteById = new HashMap<>();
        Map<String, String> idByRemote = new HashMap<>();
        models.forEach(m -> {
            remoteById.put(m.id(), m.remoteName());
            idByRemote.put(m.remoteName(), m.id());
        });
        Function<String, String> remote = id -> remoteById.getOrDefault(id, id);
        return switch (b.kind()) {
            case OPENAI -> new OpenAiBackend(vertx, b, remote, policy(b, resilience, options), options.stream());
            case OLLAMA -> new OllamaBackend(vertx, b, remote, idByRemote, policy(b, resilience, options), options.stream());
            case LLAMA_CPP -> new LlamaCppRouterBackend(vertx, b, remote, idByRemote, policy(b, resilience, options), options.stream());
            case LLAMA_SWAP -> new LlamaSwapBackend(vertx, b, remote, idByRemote, policy(b, resilience, options), options.stream());
            case VLLM -> {
                if (models.size() != 1) {
                    throw new IllegalArgumentException("backend '" + b.id() + "' (vllm) serves one model per server, but "
                            + models.size() + " models name it: " + models.stream().map(ModelConfig::id).toList());
                }
                yield new VllmBackend(vertx, b, remote, models.getFirst().id(), 1, policy(b, resilience, options), options.stream());
            }
            case REPLAY -> replay(b, models, remote, options);
            case LLAMA_SERVER -> new LlamaServerBackend(vertx, b,
                    models.stream().map(m -> new LlamaServerBackend.Model(m.id(), Path.of(b.path()).resolve(m.remoteName()))).toList(),
                    policy(b, resilience, options), options.stream(), serverLogDir());
            case LOCAL -> {
                if (options.localBackends() == null) {
                    throw new UnsupportedOperationException("backend '" + b.id() + "' of kind local: the in-process "
                            + "accelerators engine is not available yet in model-pool; pass Options.withLocalBackends(...) "
                            + "(an InProcessBackend around the engine) to use it");
                }
                yield options.localBackends().create(b, List.copyOf(models));
            }
        };
    }

    /**
     * The configured memory, or for a llama-server model without one the estimate from its GGUF header (weights,
     * KV cache, compute buffers), so a budget that "fits one model" holds without measuring each file by hand.
     */
    private static long footprint(ModelConfig m, ModelBackend backend, PoolConfig pool) {
        if (m.memory().bytes() > 0 || !(backend instanceof LlamaServerBackend server)) {
            return m.memory().bytes();
        }
        long estimate = server.footprint(m.id()).totalBytes();
        if (pool.memoryBudget().bytes() > 0 && estimate > pool.memoryBudget().bytes()) {
            throw new IllegalArgumentException("model '" + m.id() + "' (llama-server) needs about " + estimate
                    + " bytes (GGUF + KV cache + compute buffers: " + server.footprint(m.id())
                    + "), more than pool.memory-budget " + pool.memoryBudget()
                    + "; raise the budget, lower server.ctx-size, or set the model's memory explicitly");
        }
        return estimate;
    }

    /** Where llama-server processes log: {@code ${SYMOE_CACHE:-~/.cache/symoe}/logs/llama-server}. */
    static Path serverLogDir() {
        String cache = System.getenv("SYMOE_CACHE");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "symoe");
        return base.resolve("logs").resolve("llama-server");
    }

    private static CallPolicy policy(BackendConfig b, BackendResilience resilience, Options options) {
        return resilience.policyFor(b, options.resilience());
    }

    /**
     * Replay reads the recording its path names: a directory of TIGER MMLU-Pro zips, a RouterBench
     * {@code .csv.gz} or a RouterDC {@code .json.gz}. Only the models this backend serves are read from zips.
     */
    private static ModelBackend replay(BackendConfig b, List<ModelConfig> models, Function<String, String> remote,
                                       Options options) {
        Path path = Path.of(b.path());
        Set<String> wanted = new HashSet<>();
        models.forEach(m -> wanted.add(m.remoteName()));
        RecordedDataset data;
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        RecordedDataset preRead = options.recordings().get(path.toAbsolutePath().normalize());
        if (preRead != null) {
            data = preRead;
        } else if (Files.isDirectory(path)) {
            Set<String> present = new HashSet<>();
            try (var files = Files.list(path)) {
                files.filter(f -> f.getFileName().toString().startsWith("model_outputs_"))
                        .forEach(f -> present.add(MmluProOutputsReader.modelIdOf(f)));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("backend '" + b.id() + "' (replay): cannot list " + path, e);
            }
            Set<String> absent = new HashSet<>(wanted);
            absent.removeAll(present);
            if (!absent.isEmpty()) {
                throw new IllegalArgumentException("backend '" + b.id() + "' (replay): " + path + " has no recording of "
                        + absent + "; it has " + new java.util.TreeSet<>(present));
            }
            data = MmluProOutputsReader.read(path, MmluProOutputsReader.Options.ALL.only(wanted::contains));
        } else if (name.endsWith(".csv.gz") || name.endsWith(".csv")) {
            data = RouterBenchReader.read(path);
        } else if (name.endsWith(".json.gz") || name.endsWith(".json")) {
            data = RouterDcReader.read(path);
        } else {
            throw new IllegalArgumentException("backend '" + b.id() + "' (replay): path " + path
                    + " is neither a directory of MMLU-Pro zips nor a RouterBench .csv.gz nor a RouterDC .json.gz");
        }
        Set<String> missing = new HashSet<>(wanted);
        data.models().forEach(missing::remove);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("backend '" + b.id() + "' (replay): " + path + " has no recording of "
                    + missing + "; it has " + data.models());
        }
        Map<String, Duration> loadTimes = new HashMap<>();
        models.forEach(m -> loadTimes.put(m.id(), m.loadTime()));
        return new ReplayBackend(b.id(), data,
                id -> new ReplayTiming(loadTimes.getOrDefault(id, Duration.ZERO), Duration.ZERO, options.replayTimeScale()),
                remote);
    }
}
