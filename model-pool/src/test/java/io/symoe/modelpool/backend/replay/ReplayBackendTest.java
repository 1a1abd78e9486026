package io.symoe.modelpool.backend.replay;

import io.symoe.core.generation.ChatMessage;
import io.symoe.core.generation.Generation;
import io.symoe.core.generation.GenerationException;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Prompt;
import io.symoe.modelpool.testing.RecordedFixtures;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayBackendTest {
    private final ReplayBackend replay = new ReplayBackend("r", RecordedFixtures.small(), m -> ReplayTiming.INSTANT);

    private List<Generation> run(String model, Prompt... prompts) throws Exception {
        return replay.generate(model, List.of(prompts), GenerationParams.GREEDY).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private GenerationException failure(String model, Prompt... prompts) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> run(model, prompts));
        return assertInstanceOf(GenerationException.class, e.getCause());
    }

    @Test
    void matchesByQuestionIdInTheInstanceIdOrByNormalisedLastUserTurn() throws Exception {
        List<Generation> out = run("alpha",
                Prompt.ofUser("q2", "anything"),
                Prompt.ofUser("mmlu-pro/q3", "anything"),
                new Prompt("free", List.of(ChatMessage.system("be brief"), ChatMessage.user("  WHAT is 2 +   2? "))));
        assertEquals(List.of("Carbon dioxide: the answer is (A).", "Shakespeare, (D).", "2 + 2 = 4, so the answer is (B)."),
                out.stream().map(Generation::text).toList());
        assertEquals(List.of("q2", "mmlu-pro/q3", "free"), out.stream().map(Generation::instanceId).toList());
    }

    @Test
    void unknownQuestionsModelsAndMissingRecordsAreNotFound() {
        GenerationException unknown = failure("alpha", Prompt.ofUser("nope", "An unrecorded question"));
        assertEquals(GenerationException.Kind.NOT_FOUND, unknown.kind());
        assertTrue(unknown.getMessage().startsWith("not recorded"), unknown.getMessage());
        assertEquals(GenerationException.Kind.NOT_FOUND, failure("delta", Prompt.ofUser("q1", "x")).kind());
        GenerationException missing = failure("beta", Prompt.ofUser("q3", "x"));
        assertTrue(missing.getMessage().contains("beta has no recorded output for question q3"), missing.getMessage());
    }

    @Test
    void aTextSeveralRecordedQuestionsFitIsRefusedWithTheCandidatesNotPicked() throws Exception {
        var out = new io.symoe.core.recorded.RecordedOutcome("The answer is (A).", "A", 1, 0);
        var shared = new io.symoe.core.recorded.RecordedDataset("twins", List.of("alpha"), List.of(
                new io.symoe.core.recorded.RecordedQuestion("t1", "Which is prime?", List.of("4", "7"), "B", "math",
                        java.util.Map.of("alpha", out)),
                new io.symoe.core.recorded.RecordedQuestion("t2", "Which is prime?", List.of("9", "11"), "B", "math",
                        java.util.Map.of("alpha", out))), 0);
        ReplayBackend twins = new ReplayBackend("r", shared, m -> ReplayTiming.INSTANT);
        ExecutionException e = assertThrows(ExecutionException.class, () -> twins.generate("alpha",
                List.of(Prompt.ofUser("x", "Which is prime?")), GenerationParams.GREEDY).toCompletableFuture().get(5, TimeUnit.SECONDS));
        AmbiguousQuestionException a = assertInstanceOf(AmbiguousQuestionException.class, e.getCause());
        assertEquals(GenerationException.Kind.NOT_FOUND, a.kind(), "re-recruiting treats it as unservable");
        assertEquals(List.of("t1", "t2"), a.match().candidates().stream().map(io.symoe.core.recorded.RecordedQuestion::id).toList());
        // With its options the same text names one of them.
        List<Generation> served = twins.generate("alpha", List.of(Prompt.ofUser("x", "Which is prime?\nA. 9\nB. 11")),
                GenerationParams.GREEDY).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals("The answer is (A).", served.getFirst().text());
    }

    @Test
    void loadsTakeTheConfiguredTimeScaledAndAreCounted() throws Exception {
        ReplayBackend timed = new ReplayBackend("t", RecordedFixtures.small(),
                m -> new ReplayTiming(Duration.ofSeconds(10), Duration.ZERO, 0.02)); // 10 s at 1/50 = 200 ms
        long t0 = System.nanoTime();
        timed.load("alpha").toCompletableFuture().get(5, TimeUnit.SECONDS);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 180, "load took " + ms + " ms");
        timed.generate("beta", List.of(Prompt.ofUser("q1", "x")), GenerationParams.GREEDY).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(2, timed.loads(), "generating on a non-resident model loads it");
        assertEquals(Set.of("alpha", "beta"), timed.residentModels().toCompletableFuture().get());
        timed.unload("alpha").toCompletableFuture().get();
        assertEquals(Set.of("beta"), timed.residentModels().toCompletableFuture().get());
    }
}
