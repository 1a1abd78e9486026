package io.symoe.modelpool.pool;

import io.symoe.core.Assignment;
import io.symoe.core.BackendKind;
import io.symoe.core.ByteSize;
import io.symoe.core.RecruitedExpert;
import io.symoe.core.config.BackendConfig;
import io.symoe.core.config.ModelConfig;
import io.symoe.core.config.PoolConfig;
import io.symoe.core.generation.Generation;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Prompt;
import io.symoe.testsupport.SharedData;
import io.symoe.modelpool.resilience.BackendResilience;
import io.symoe.modelpool.testing.TigerZips;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelPoolFactoryTest {
    private Vertx vertx;
    private BackendResilience resilience;
    private ScheduledExecutorService timer;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        resilience = new BackendResilience();
        timer = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stop() throws Exception {
        resilience.close();
        timer.shutdownNow();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static ModelConfig model(String id, String backend, String remote) {
        return new ModelConfig(id, backend, remote, ByteSize.ofGiB(8), Duration.ofMillis(0), null, null, null);
    }

    @Test
    void buildsAReplayPoolFromConfigAndRunsABatch(@TempDir Path dir) throws Exception {
        TigerZips.write(dir, 3, 12, 2);
        PoolConfig cfg = new PoolConfig(ByteSize.ofGiB(8), Duration.ZERO,
                List.of(new BackendConfig("rec", BackendKind.REPLAY, null, null, dir.toString(), null, null, null)),
                List.of(model("first", "rec", "m0"), model("second", "rec", "m1")));
        try (ModelPool pool = ModelPoolFactory.create(cfg, vertx, resilience, timer, ModelPoolFactory.Options.DEFAULTS)) {
            BatchOutcome out = pool.runBatch(List.of(
                            new Assignment("5", List.of(), List.of(new RecruitedExpert("second", 1), new RecruitedExpert("first", 1)), List.of(), null)),
                    Map.of("5", Prompt.ofUser("5", "Synthetic question 5?")), GenerationParams.GREEDY)
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            List<Generation> gens = out.generations().get("5");
            assertEquals("m1 reasons about question 5. The answer is (A).", gens.get(0).text());
            assertEquals("second", gens.get(0).modelId());
            assertEquals(2, out.loads());
        }
    }

    @Test
    void localBackendsFailClearlyUntilWired() {
        PoolConfig cfg = new PoolConfig(null, null,
                List.of(new BackendConfig("gguf", BackendKind.LOCAL, null, null, "/models", null, null, null)),
                List.of(model("llama", "gguf", null)));
        var e = assertThrows(UnsupportedOperationException.class,
                () -> ModelPoolFactory.create(cfg, vertx, resilience, timer, ModelPoolFactory.Options.DEFAULTS));
        assertTrue(e.getMessage().contains("not available yet"), e.getMessage());
    }

    @Test
    void vllmServesOneModelPerServerAndReplayNeedsTheRecordedModels(@TempDir Path dir) throws Exception {
        PoolConfig two = new PoolConfig(null, null,
                List.of(new BackendConfig("v", BackendKind.VLLM, URI.create("http://127.0.0.1:8000"), null, null, null, null, null)),
                List.of(model("a", "v", null), model("b", "v", null)));
        assertThrows(IllegalArgumentException.class, () -> ModelPoolFactory.create(two, vertx, resilience, timer, ModelPoolFactory.Options.DEFAULTS));

        TigerZips.write(dir, 2, 4, 2);
        PoolConfig missing = new PoolConfig(null, null,
                List.of(new BackendConfig("rec", BackendKind.REPLAY, null, null, dir.toString(), null, null, null)),
                List.of(model("x", "rec", "not-recorded")));
        var e = assertThrows(IllegalArgumentException.class, () -> ModelPoolFactory.create(missing, vertx, resilience, timer, ModelPoolFactory.Options.DEFAULTS));
        assertTrue(e.getMessage().contains("not-recorded"), e.getMessage());
    }

    @Test
    void replaysRealMmluProOutputs() throws Exception {
        Path outputs = SharedData.require("data/mmlu-pro-outputs");
        PoolConfig cfg = new PoolConfig(null, null,
                List.of(new BackendConfig("tiger", BackendKind.REPLAY, null, null, outputs.toString(), null, null, null)),
                List.of(model("llama3-8b", "tiger", "Meta-Llama-3-8B")));
        try (ModelPool pool = ModelPoolFactory.create(cfg, vertx, resilience, timer, ModelPoolFactory.Options.DEFAULTS)) {
            var data = io.symoe.modelpool.recorded.MmluProOutputsReader.read(outputs,
                    io.symoe.modelpool.recorded.MmluProOutputsReader.Options.ALL.only("Meta-Llama-3-8B"::equals));
            var q = data.questions().get(100);
            List<Generation> gens = pool.generate("llama3-8b", List.of(Prompt.ofUser("mmlu-pro/" + q.id(), "ignored")), GenerationParams.GREEDY)
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(q.outcomes().get("Meta-Llama-3-8B").text(), gens.getFirst().text());
        }
    }
}
