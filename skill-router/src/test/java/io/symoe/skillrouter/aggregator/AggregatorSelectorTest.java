package io.symoe.skillrouter.aggregator;

import io.symoe.core.recorded.RecordedOutcome;
import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.skillrouter.skills.FakeGenerator;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AggregatorSelectorTest {
    private static RecordedOutcome out(String text, boolean right) {
        return new RecordedOutcome(text, null, right ? 1 : 0, 0);
    }

    private static final List<RecordedQuestion> VALIDATION = List.of(
            new RecordedQuestion("1", "2+2?", List.of("3", "4", "5"), "B", "math", Map.of(
                    "m1", out("so the answer is (B)", true), "m2", out("the answer is (A)", false),
                    "m3", out("the answer is (C)", false), "m4", out("the answer is (A)", false))),
            // only one incorrect response: cannot make a 1-correct + 2-incorrect case
            new RecordedQuestion("2", "3+3?", List.of("6", "7"), "A", "math", Map.of(
                    "m1", out("the answer is (A)", true), "m2", out("the answer is (B)", false))),
            new RecordedQuestion("3", "capital of France?", List.of("Rome", "Paris", "Oslo"), "B", "geo", Map.of(
                    "m1", out("the answer is (B)", true), "m2", out("the answer is (A)", false),
                    "m3", out("the answer is (C)", false))));

    @Test
    void benchmarkHasOneCorrectAndTwoIncorrectShuffledResponses() {
        List<AggregationCase> cases = AggregatorSelector.buildBenchmark(VALIDATION, 10, 3);
        assertEquals(List.of("1", "3"), cases.stream().map(AggregationCase::questionId).toList());
        for (AggregationCase c : cases) {
            assertEquals(3, c.responses().size());
            assertEquals(1, c.responses().stream().filter(r -> r.contains("(" + c.gold() + ")")).count());
        }
        assertEquals(cases, AggregatorSelector.buildBenchmark(VALIDATION, 10, 3), "seeded");
        assertEquals(1, AggregatorSelector.buildBenchmark(VALIDATION, 1, 3).size());
    }

    @Test
    void picksTheCandidateThatRecoversTheMinorityCorrectAnswer() {
        List<AggregationCase> cases = AggregatorSelector.buildBenchmark(VALIDATION, 10, 3);
        // "follower" repeats the first response; "critic" is always right (gold is B for both cases)
        var selector = new AggregatorSelector((model, prompts, params) -> new FakeGenerator((p, prompt) ->
                model.equals("critic") ? "Reasoning... The answer is (B)" : "The answer is (Z)")
                .generate(model, prompts, params));
        var sel = selector.select(List.of("follower", "critic"), cases).toCompletableFuture().join();
        assertEquals("critic", sel.best());
        assertEquals(Map.of("follower", 0.0, "critic", 1.0), sel.accuracy());
        assertTrue(AggregatorSelector.prompt(cases.getFirst()).contains("Response 3:"));
        assertEquals("C", AggregatorSelector.extractLetter("first the answer is (A); finally the answer is C"));
    }
}
