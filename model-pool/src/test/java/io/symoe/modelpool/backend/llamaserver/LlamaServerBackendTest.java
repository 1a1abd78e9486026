package io.symoe.modelpool.backend.llamaserver;

import io.symoe.core.BackendKind;
import io.symoe.core.config.BackendConfig;
import io.symoe.core.config.LlamaServerSettings;
import io.symoe.core.generation.Generation;
import io.symoe.core.generation.GenerationException;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Prompt;
import io.symoe.modelpool.backend.CallPolicy;
import io.symoe.modelpool.resilience.BackendResilience;
import io.symoe.modelpool.resilience.ResilienceSettings;
import io.symoe.testsupport.LlamaCppBinaries;
import io.symoe.testsupport.SharedData;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Against the real llama-server of {@code ops/llamacpp/build.sh} on the reference GGUF files of ../shared (random
 * weights: the texts are gibberish, the mechanics are what is checked). Few tokens per call, one thread, a small
 * context, so the class stays cheap on 2 shared cores.
 */
class LlamaServerBackendTest {
    private static final GenerationParams FEW = GenerationParams.GREEDY.withMaxTokens(4);

    @TempDir
    Path tmp;
    private Vertx vertx;
    private Path binary;
    private Path models;
    private final List<LlamaServerBackend> backends = new ArrayList<>();

    @BeforeEach
    void setUp() {
        binary = LlamaCppBinaries.require("llama-server");
        models = SharedData.require("llamacpp");
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() throws Exception {
        backends.forEach(LlamaServerBackend::close);
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private BackendConfig config(int retries, int maxConcurrency) {
        return new BackendConfig("ls", BackendKind.LLAMA_SERVER, null, null, models.toString(), Duration.ofSeconds(60),
                maxConcurrency, retries, new LlamaServerSettings(binary.toString(), 1, 512, 1, List.of(),
                        Duration.ofSeconds(30), Duration.ofSeconds(3)));
    }

    private LlamaServerBackend backend(BackendConfig config, CallPolicy policy, boolean stream,
                                       java.util.function.IntSupplier ports, LlamaServerBackend.Model... served) {
        LlamaServerBackend b = new LlamaServerBackend(vertx, config, List.of(served), policy, stream, tmp.resolve("logs"), ports);
        backends.add(b);
        return b;
    }

    private LlamaServerBackend.Model model(String id, String file) {
        return new LlamaServerBackend.Model(id, models.resolve(file));
    }

    private static List<Prompt> prompts(int n) {
        List<Prompt> ps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ps.add(Prompt.ofUser("q" + i, "Question " + i + ": which option is right?"));
        }
        return ps;
    }

    private static <T> T join(java.util.concurrent.CompletionStage<T> s) {
        return s.toCompletableFuture().orTimeout(120, TimeUnit.SECONDS).join();
    }

    @Test
    void loadStartsAServerThatAnswersUnaryAndStreamedAndUnloadStopsIt() {
        for (boolean stream : new boolean[] {false, true}) {
            LlamaServerBackend b = backend(config(0, 2), CallPolicy.DIRECT, stream, LlamaServerBackend::freePort,
                    model("dense", "llama-q8_0.gguf"));
            join(b.load("dense"));
            assertEquals(java.util.Set.of("dense"), join(b.residentModels()));
            long pid = b.serverPid("dense").orElseThrow();

            List<Generation> out = join(b.generate("dense", prompts(2), FEW));
            assertEquals(List.of("q0", "q1"), out.stream().map(Generation::instanceId).toList());
            for (Generation g : out) {
                assertEquals("dense", g.modelId());
                assertNotNull(g.tokens(), "llama-server reports usage (stream=" + stream + ")");
                assertEquals(4, g.tokens().completion(), "4 tokens asked, the model never stops by itself");
                assertFalse(g.text().isEmpty());
            }

            join(b.unload("dense"));
            assertTrue(join(b.residentModels()).isEmpty());
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "unload stops the process");
        }
    }

    /** The estimate must match what llama.cpp itself reports allocating for KV cache and compute buffers. */
    @Test
    void footprintEstimateMatchesTheBuffersTheServerAllocates() throws Exception {
        LlamaServerBackend b = backend(config(0, 1), CallPolicy.DIRECT, false, LlamaServerBackend::freePort,
                model("moe", "qwen2moe-q8_0.gguf"));
        join(b.load("moe"));
        String log = Files.readString(tmp.resolve("logs/ls-moe.log"));
        GgufFootprint f = b.footprint("moe");
        double kvMib = mib(log, "CPU KV buffer size\\s*=\\s*([0-9.]+) MiB");
        double computeMib = mib(log, "CPU compute buffer size\\s*=\\s*([0-9.]+) MiB");
        assertEquals(kvMib, f.kvCacheBytes() / 1048576.0, 0.01, "KV cache: F16 K and V over the whole context");
        assertEquals(computeMib, f.computeBytes() / 1048576.0, computeMib * 0.05,
                "compute + output buffers within 5 % of llama.cpp's own reservation");
        long peak = b.measuredPeakBytes("moe").orElseThrow();
        assertTrue(peak <= f.totalBytes(), "measured peak RSS " + peak + " must stay under the estimate " + f);
    }

    private static double mib(String log, String regex) {
        Matcher m = Pattern.compile(regex).matcher(log);
        assertTrue(m.find(), "llama-server's log reports " + regex);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void aServerKilledMidBatchIsNoticedAtOnceAndEveryRequestIsStillAnswered() throws Exception {
        BackendConfig cfg = config(3, 4);
        ResilienceSettings quick = new ResilienceSettings(Duration.ofMillis(50), 2.0, Duration.ofSeconds(1), 50, 40,
                90f, Duration.ofSeconds(5), 0);
        LlamaServerBackend b = backend(cfg, new BackendResilience().policyFor(cfg, quick), false,
                LlamaServerBackend::freePort, model("dense", "llama-q4_0.gguf"));
        CompletableFuture<ServerProcess.Exit> died = new CompletableFuture<>();
        b.onServerExit(e -> {
            if (!e.requested()) {
                died.complete(e);
            }
        });
        join(b.load("dense"));
        long pid = b.serverPid("dense").orElseThrow();

        CompletableFuture<List<Generation>> batch = b.generate("dense", prompts(24), FEW).toCompletableFuture();
        Thread.sleep(300); // some requests are running or queued at the server
        long killedAt = System.nanoTime();
        new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
        ServerProcess.Exit exit = died.get(5, TimeUnit.SECONDS);
        double noticedS = (exit.noticedAtNanos() - killedAt) / 1e9;
        assertTrue(noticedS < 2.0, "the dead server is noticed within 2 s, took " + noticedS + " s");

        List<Generation> out = batch.orTimeout(120, TimeUnit.SECONDS).join();
        assertEquals(24, out.size(), "0 requests lost");
        long newPid = b.serverPid("dense").orElseThrow();
        assertTrue(newPid != pid, "a new server answers after the crash");
        assertEquals(Map.of("dense", 1L), b.restarts(), "the crash restart is counted (the pool never asked for it)");
        System.out.printf("kill -9 of llama-server noticed in %.3f s; %d/24 answered%n", noticedS, out.size());
    }

    @Test
    void aModelWhoseServerCannotStartFailsClearlyAndTheOthersKeepServing() throws Exception {
        Path corrupt = tmp.resolve("corrupt.gguf");
        Files.write(corrupt, "GGUF but not really a model file at all".getBytes());
        LlamaServerBackend b = backend(config(0, 1), CallPolicy.DIRECT, false, LlamaServerBackend::freePort,
                model("dense", "llama-q4_0.gguf"), new LlamaServerBackend.Model("broken", corrupt),
                model("missing", "no-such-model.gguf"));

        GenerationException broken = failure(b.generate("broken", prompts(1), FEW));
        assertTrue(broken.getMessage().contains("model broken"), broken.getMessage());
        assertTrue(broken.getMessage().contains("gguf"), "quotes the server's own complaint: " + broken.getMessage());
        assertTrue(broken.getMessage().contains("ls-broken.log"), "names the log: " + broken.getMessage());

        GenerationException missing = failure(b.load("missing"));
        assertTrue(missing.getMessage().contains("model missing") && missing.getMessage().contains("does not exist"),
                missing.getMessage());

        assertEquals(1, join(b.generate("dense", prompts(1), FEW)).size(), "the rest of the pool keeps serving");
    }

    @Test
    void aTakenPortIsRetriedOnAnotherAndABadBinaryIsNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            AtomicInteger calls = new AtomicInteger();
            LlamaServerBackend b = backend(config(0, 1), CallPolicy.DIRECT, false,
                    () -> calls.getAndIncrement() == 0 ? taken.getLocalPort() : LlamaServerBackend.freePort(),
                    model("dense", "llama-q4_0.gguf"));
            join(b.load("dense"));
            assertEquals(2, calls.get(), "the first port was taken, the second one worked");
            assertTrue(Files.readString(tmp.resolve("logs/ls-dense.log")).contains("couldn't bind"));

            LlamaServerBackend alwaysTaken = backend(config(0, 1), CallPolicy.DIRECT, false, taken::getLocalPort,
                    model("dense", "llama-q4_0.gguf"));
            GenerationException e = failure(alwaysTaken.load("dense"));
            assertTrue(e.getMessage().contains("couldn't bind"), e.getMessage());
        }
        BackendConfig bad = new BackendConfig("ls", BackendKind.LLAMA_SERVER, null, null, models.toString(), null, 1, 0,
                new LlamaServerSettings(tmp.resolve("no-llama-server").toString(), 1, 512, 1, List.of(), null, null));
        GenerationException e = failure(backend(bad, CallPolicy.DIRECT, false, LlamaServerBackend::freePort,
                model("dense", "llama-q4_0.gguf")).load("dense"));
        assertTrue(e.getMessage().contains("ops/llamacpp/build.sh") && e.getMessage().contains("model dense"), e.getMessage());
    }

    /**
     * {@code server.binary} need not be named llama-server: a symlink under another name, a script that execs it and
     * one that runs it as its own child must all be recognised as one live server, reused by every call, and leave
     * no llama-server behind after unload or close.
     */
    @Test
    void aServerStartedThroughASymlinkOrAScriptIsReusedAndStoppedWithoutOrphans() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("bin"));
        Path link = Files.createSymbolicLink(dir.resolve("my-llm-server"), binary);
        Path execScript = script(dir.resolve("exec-server.sh"), "exec '" + binary + "' \"$@\"\n");
        Path childScript = script(dir.resolve("child-server.sh"), "'" + binary + "' \"$@\"\n");
        for (Path bin : List.of(link, execScript, childScript)) {
            BackendConfig cfg = new BackendConfig("ls", BackendKind.LLAMA_SERVER, null, null, models.toString(),
                    Duration.ofSeconds(60), 1, 0, new LlamaServerSettings(bin.toString(), 1, 512, 1, List.of(),
                            Duration.ofSeconds(30), Duration.ofSeconds(3)));
            for (boolean unload : new boolean[] {true, false}) {
                LlamaServerBackend b = backend(cfg, CallPolicy.DIRECT, false, LlamaServerBackend::freePort,
                        model("dense", "llama-q4_0.gguf"));
                join(b.load("dense"));
                for (int i = 0; i < 3; i++) {
                    assertEquals(1, join(b.generate("dense", prompts(1), FEW)).size());
                }
                assertEquals(1, llamaServers().size(), bin + ": one llama-server runs, not one per call");
                assertEquals(java.util.Set.of("dense"), join(b.residentModels()), bin + ": the server counts as live");
                long pid = b.serverPid("dense").orElseThrow(() -> new AssertionError(bin + ": no server pid"));
                assertEquals(1, join(b.generate("dense", prompts(1), FEW)).size());
                assertEquals(pid, b.serverPid("dense").orElseThrow(), bin + ": every call reuses the same server");
                if (unload) {
                    join(b.unload("dense"));
                } else {
                    b.close();
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!llamaServers().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                List<ProcessHandle> left = llamaServers();
                left.forEach(ProcessHandle::destroyForcibly);
                assertEquals(List.of(), left.stream().map(ProcessHandle::pid).toList(),
                        bin + ": no llama-server left after " + (unload ? "unload" : "close"));
            }
        }
    }

    private static Path script(Path file, String body) throws Exception {
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** The llama-server processes below this JVM, by their resolved executable (a symlink resolves to it). */
    private static List<ProcessHandle> llamaServers() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(h -> h.info().command().map(c -> c.endsWith("/llama-server")).orElse(false)).toList();
    }

    private static GenerationException failure(java.util.concurrent.CompletionStage<?> s) {
        try {
            s.toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
        } catch (CompletionException e) {
            return assertInstanceOf(GenerationException.class, e.getCause());
        }
        throw new AssertionError("expected a failure");
    }
}
