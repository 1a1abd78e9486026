package io.symoe.modelpool.pool;

import io.symoe.core.Assignment;
import io.symoe.core.BackendKind;
import io.symoe.core.RecruitedExpert;
import io.symoe.core.config.BackendConfig;
import io.symoe.core.generation.Generation;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Prompt;
import io.symoe.modelpool.backend.ModelBackend;
import io.symoe.modelpool.backend.openai.OpenAiBackend;
import io.symoe.modelpool.backend.replay.ReplayBackend;
import io.symoe.modelpool.backend.replay.ReplayTiming;
import io.symoe.modelpool.residency.ResidencyManager;
import io.symoe.modelpool.residency.ResidentModelSpec;
import io.symoe.modelpool.resilience.BackendResilience;
import io.symoe.modelpool.resilience.ResilienceSettings;
import io.symoe.modelpool.testing.RecordedFixtures;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelPoolTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private Vertx vertx;

    @AfterEach
    void stop() throws Exception {
        timer.shutdownNow();
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static Assignment assign(String instance, List<String> experts, List<String> candidates) {
        return new Assignment(instance, List.of(), experts.stream().map(m -> new RecruitedExpert(m, 1.0)).toList(), candidates, null);
    }

    private static final Map<String, Prompt> PROMPTS = Map.of(
            "q1", Prompt.ofUser("q1", "What is 2 + 2?"),
            "q2", Prompt.ofUser("q2", "Which gas do plants absorb?"),
            "q3", Prompt.ofUser("q3", "Who wrote Hamlet?"));

    private ModelPool replayPool(Map<String, ModelBackend> extra) {
        ReplayBackend replay = new ReplayBackend("r", RecordedFixtures.small(), m -> ReplayTiming.INSTANT);
        Map<String, ModelBackend> byModel = new HashMap<>(Map.of("alpha", replay, "beta", replay, "gamma", replay));
        byModel.putAll(extra);
        List<ResidentModelSpec> specs = byModel.entrySet().stream()
                .map(e -> new ResidentModelSpec(e.getKey(), 1, Duration.ZERO, e.getValue())).toList();
        return new ModelPool(byModel, new ResidencyManager(1, Duration.ZERO, specs, timer));
    }

    @Test
    void runsEachExpertOnceWithAllItsPromptsUnderABudgetOfOne() throws Exception {
        try (ModelPool pool = replayPool(Map.of())) {
            List<Assignment> batch = List.of(
                    assign("q1", List.of("alpha", "beta", "gamma"), List.of()),
                    assign("q2", List.of("gamma", "alpha", "beta"), List.of()),
                    assign("q3", List.of("alpha", "alpha"), List.of()));
            BatchOutcome out = pool.runBatch(batch, PROMPTS, GenerationParams.GREEDY).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(3, out.loads(), "each of the 3 distinct experts loaded once");
            assertEquals(List.of("alpha", "beta", "gamma"), out.generations().get("q1").stream().map(Generation::modelId).toList());
            assertEquals("Oxygen. The answer is (B).", out.generations().get("q2").get(0).text());
            assertEquals(2, out.generations().get("q3").size(), "two draws of the same model, two samples");
            assertTrue(out.unserved().isEmpty());
            assertTrue(out.reassignments().isEmpty());
        }
    }

    @Test
    void unrecordedAnswerMovesOnlyThatDrawToTheNextCandidate() throws Exception {
        try (ModelPool pool = replayPool(Map.of())) {
            // gamma and beta have no record for q3; q3's draw moves past beta to alpha, q1's gamma draw stays.
            List<Assignment> batch = List.of(
                    assign("q1", List.of("gamma"), List.of("beta")),
                    assign("q3", List.of("gamma"), List.of("beta", "alpha")));
            BatchOutcome out = pool.runBatch(batch, PROMPTS, GenerationParams.GREEDY).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals("gamma", out.generations().get("q1").getFirst().modelId());
            assertEquals("alpha", out.generations().get("q3").getFirst().modelId());
            assertEquals("Shakespeare, (D).", out.generations().get("q3").getFirst().text());
            assertEquals(List.of("beta", "alpha"), out.reassignments().stream().map(BatchOutcome.Reassignment::toModel).toList());
            assertTrue(out.unserved().isEmpty());
        }
    }

    @Test
    void aDeadBackendsDrawsAreReRecruitedAndNoneIsLost() throws Exception {
        vertx = Vertx.vertx();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort(); // closed again: connections are refused
        }
        BackendConfig down = new BackendConfig("down", BackendKind.OPENAI, URI.create("http://127.0.0.1:" + closedPort),
                null, null, Duration.ofSeconds(2), 2, 1);
        BackendResilience resilience = new BackendResilience();
        ModelBackend unreachable = new OpenAiBackend(vertx, down, Function.identity(),
                resilience.policyFor(down, ResilienceSettings.DEFAULTS.withBackoff(Duration.ofMillis(10), Duration.ofMillis(50))), false);
        try (ModelPool pool = replayPool(Map.of("remote", unreachable)); resilience) {
            List<Assignment> batch = List.of(
                    assign("q1", List.of("remote", "alpha"), List.of("beta", "gamma")),
                    assign("q2", List.of("remote"), List.of("gamma")),
                    assign("q3", List.of("remote"), List.of("gamma", "beta")));
            BatchOutcome out = pool.runBatch(batch, PROMPTS, GenerationParams.GREEDY).toCompletableFuture().get(20, TimeUnit.SECONDS);
            assertEquals(List.of("beta", "alpha"), out.generations().get("q1").stream().map(Generation::modelId).toList());
            assertEquals("gamma", out.generations().get("q2").getFirst().modelId());
            // q3: no candidate has a record of it, so it ends unserved, with the reason, never invented.
            assertEquals(1, out.unserved().size());
            assertEquals("q3", out.unserved().getFirst().instanceId());
            assertTrue(out.unserved().getFirst().reason().contains("no candidate left"), out.unserved().getFirst().reason());
            int draws = 2 + 1 + 1;
            int served = out.generations().values().stream().mapToInt(List::size).sum();
            assertEquals(draws, served + out.unserved().size(), "every draw is served or reported");
        }
    }

    @Test
    void generatorCallsLoadTheModelFirst() throws Exception {
        try (ModelPool pool = replayPool(Map.of())) {
            List<Generation> out = pool.generate("beta", List.of(PROMPTS.get("q1")), GenerationParams.GREEDY)
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals("I think the answer is (C).", out.getFirst().text());
            assertEquals(java.util.Set.of("beta"), pool.residency().resident());
        }
    }
}
