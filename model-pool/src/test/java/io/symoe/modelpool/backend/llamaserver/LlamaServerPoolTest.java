package io.symoe.modelpool.backend.llamaserver;

import io.symoe.core.Assignment;
import io.symoe.core.BackendKind;
import io.symoe.core.ByteSize;
import io.symoe.core.RecruitedExpert;
import io.symoe.core.config.BackendConfig;
import io.symoe.core.config.LlamaServerSettings;
import io.symoe.core.config.ModelConfig;
import io.symoe.core.config.PoolConfig;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Prompt;
import io.symoe.modelpool.pool.BatchOutcome;
import io.symoe.modelpool.pool.ModelPool;
import io.symoe.modelpool.pool.ModelPoolFactory;
import io.symoe.modelpool.resilience.BackendResilience;
import io.symoe.testsupport.LlamaCppBinaries;
import io.symoe.testsupport.SharedData;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole path from config: factory, GGUF-estimated footprints, residency under a one-model budget, real servers. */
class LlamaServerPoolTest {

    @Test
    void aBatchOverThreeRealServersLoadsEachOnceAndSurvivesAKillMidBatch() throws Exception {
        Path binary = LlamaCppBinaries.require("llama-server");
        Path models = SharedData.require("llamacpp");
        BackendConfig backend = new BackendConfig("ls", BackendKind.LLAMA_SERVER, null, null, models.toString(),
                Duration.ofSeconds(60), 2, 3, new LlamaServerSettings(binary.toString(), 1, 512, 1, List.of(), null, null));
        List<String> ids = List.of("dense", "moe", "qwen");
        List<String> files = List.of("llama-q4_0.gguf", "llama-moe-q4_0.gguf", "qwen2moe-q4_0.gguf");
        List<ModelConfig> mc = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            mc.add(new ModelConfig(ids.get(i), "ls", files.get(i), null, null, 512, 4, null));
        }
        PoolConfig config = new PoolConfig(ByteSize.ofMiB(48), null, List.of(backend), mc);
        Vertx vertx = Vertx.vertx();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (ModelPool pool = ModelPoolFactory.create(config, vertx, new BackendResilience(), timer, ModelPoolFactory.Options.DEFAULTS)) {
            for (String id : ids) {
                long f = pool.residency().footprint(id);
                assertTrue(f > 24L << 20 && f <= 48L << 20 && 2 * f > 48L << 20, id + " estimated at " + f + " bytes: one fits");
            }
            List<Assignment> as = new ArrayList<>();
            Map<String, Prompt> prompts = new LinkedHashMap<>();
            for (int i = 0; i < 12; i++) {
                List<String> pair = List.of(ids.get(i % 3), ids.get((i + 1) % 3));
                as.add(new Assignment("q" + i, List.of(), pair.stream().map(m -> new RecruitedExpert(m, 1.0)).toList(), ids, null));
                prompts.put("q" + i, Prompt.ofUser("q" + i, "Question " + i + "?"));
            }
            LlamaServerBackend servers = (LlamaServerBackend) pool.backendOf("dense");
            java.util.concurrent.atomic.AtomicReference<String> killed = new java.util.concurrent.atomic.AtomicReference<>();
            Thread killer = Thread.ofVirtual().start(() -> {
                // The first server that comes up is killed once, while its batch runs.
                while (!Thread.currentThread().isInterrupted()) {
                    for (String id : ids) {
                        var pid = servers.serverPid(id);
                        if (pid.isPresent()) {
                            ProcessHandle.of(pid.get()).ifPresent(ProcessHandle::destroyForcibly);
                            killed.set(id);
                            return;
                        }
                    }
                    Thread.onSpinWait();
                }
            });
            BatchOutcome out = pool.runBatch(as, prompts, GenerationParams.GREEDY.withMaxTokens(4))
                    .toCompletableFuture().get(180, TimeUnit.SECONDS);
            killer.interrupt();
            assertTrue(killed.get() != null, "a server was killed with SIGKILL during the batch");
            assertEquals(List.of(), out.unserved(), "0 lost after killing " + killed.get());
            assertEquals(12, out.generations().size());
            out.generations().values().forEach(g -> assertEquals(2, g.size()));
            assertEquals(3, out.loads(), "each expert loaded once (the lower bound)");
            assertTrue(pool.residency().resident().size() <= 1);
        } finally {
            timer.shutdownNow();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
