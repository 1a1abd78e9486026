package io.symoe.aggregator.strategy;

import io.symoe.aggregator.extract.ExtractionMode;
import io.symoe.aggregator.prompt.TokenEstimate;
import io.symoe.aggregator.testing.FakeGenerator;
import io.symoe.aggregator.testing.Requests;
import io.symoe.core.generation.GenerationException;
import io.symoe.core.generation.GenerationParams;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.symoe.aggregator.testing.Requests.expert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelfMoaSeqAggregatorTest {
    static final GenerationParams PARAMS = GenerationParams.GREEDY.withMaxTokens(100);

    /** N samples of one model, each exactly 400 characters = 100 estimated tokens. */
    static AggregationRequest samples(int n) {
        List<Requests.Expert> experts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String body = "sample " + i + " The answer is (" + (char) ('A' + i % 3) + ").";
            experts.add(expert("qwen", 0.5, body + ".".repeat(400 - body.length())));
        }
        return Requests.mc("q1", null, experts.toArray(Requests.Expert[]::new));
    }

    static int contextFor(AggregationRequest r, int window) {
        // fixed + 2 x maxTokens (output and carried synthesis) + window x 100-token samples
        return TokenEstimate.promptOverhead(r.instance().text(), r.answerInstruction()) + 2 * 100 + window * 100;
    }

    @Test
    void windowIsDerivedFromTheContextBudget() {
        AggregationRequest r = samples(7);
        for (int w = 1; w <= 7; w++) {
            var agg = new SelfMoaSeqAggregator(FakeGenerator.replying("x"), PARAMS, null, ExtractionMode.STRICT,
                    contextFor(r, w));
            assertEquals(w, agg.windows(r).window(), "budget for " + w);
            // One token short of a window of w: w - 1 (or none fits, for w = 1).
            if (w > 1) {
                var tight = new SelfMoaSeqAggregator(FakeGenerator.replying("x"), PARAMS, null,
                        ExtractionMode.STRICT, contextFor(r, w) - 1);
                assertEquals(w - 1, tight.windows(r).window());
            }
        }
        var roomy = new SelfMoaSeqAggregator(FakeGenerator.replying("x"), PARAMS, null, ExtractionMode.STRICT,
                1_000_000);
        assertEquals(7, roomy.windows(r).window(), "clamped to N");
    }

    @Test
    void slidesTheWindowCarryingEachSynthesisIntoTheNextStep() {
        AggregationRequest r = samples(7);
        int[] step = {0};
        FakeGenerator gen = new FakeGenerator((m, p) -> "synthesis " + (++step[0]) + ": The answer is (A).");
        AggregationResult res = new SelfMoaSeqAggregator(gen, PARAMS, null, ExtractionMode.STRICT, contextFor(r, 3))
                .aggregate(r).toCompletableFuture().join();

        // N = 7, w = 3: windows [0,1,2] [3,4,5] [6] -> 3 sequential calls.
        assertEquals(3, gen.calls().size());
        List<String> turns = gen.userTurns();
        assertFalse(turns.get(0).contains("### Synthesis of the earlier responses:"));
        assertTrue(turns.get(0).contains("sample 0") && turns.get(0).contains("sample 2"));
        assertFalse(turns.get(0).contains("sample 3"));
        assertTrue(turns.get(1).contains("### Synthesis of the earlier responses:\nsynthesis 1: The answer is (A)."));
        assertTrue(turns.get(1).contains("### Model 1's response:\nsample 3"));
        assertTrue(turns.get(1).contains("sample 5") && !turns.get(1).contains("sample 6"));
        assertTrue(turns.get(2).contains("synthesis 2") && turns.get(2).contains("sample 6"));
        assertTrue(gen.calls().stream().allMatch(c -> c.modelId().equals("qwen")), "the samples' own model");

        assertEquals(Optional.of("A"), res.answer().extractedAnswer());
        assertEquals("synthesis 3: The answer is (A).", res.answer().text());
        assertEquals("self-moa-seq", res.answer().strategy());
        assertEquals(new SelfMoaChoice(7, 3, List.of(0, 1, 2, 3, 4, 5, 6), 3),
                res.provenance().selfMoa().orElseThrow());
        assertTrue(res.provenance().modelCalled());
    }

    @Test
    void aContextTooSmallForOneSampleMakesNoCallAndVotes() {
        AggregationRequest r = samples(3);
        FakeGenerator gen = FakeGenerator.replying("x");
        AggregationResult res = new SelfMoaSeqAggregator(gen, PARAMS, null, ExtractionMode.STRICT, contextFor(r, 1) - 1)
                .aggregate(r).toCompletableFuture().join();
        assertTrue(gen.calls().isEmpty());
        assertFalse(res.answer().aggregatorCalled());
        assertTrue(res.provenance().fallbackReason().orElseThrow().contains("cannot hold one sample"));
        assertEquals(Optional.of("A"), res.answer().extractedAnswer());
    }

    @Test
    void aFailedStepFallsBackToTheVote() {
        AggregationRequest r = samples(4);
        FakeGenerator gen = FakeGenerator.replying("x")
                .failingWith(new GenerationException(GenerationException.Kind.TRANSIENT, "qwen", "connection reset"));
        AggregationResult res = new SelfMoaSeqAggregator(gen, PARAMS, null, ExtractionMode.STRICT, contextFor(r, 2))
                .aggregate(r).toCompletableFuture().join();
        assertEquals(1, gen.calls().size(), "later steps are not attempted");
        assertTrue(res.provenance().fallbackReason().orElseThrow().contains("connection reset"));
        assertEquals(new SelfMoaChoice(4, 2, List.of(0, 1, 2, 3), 2), res.provenance().selfMoa().orElseThrow());
    }
}
