package io.symoe.aggregator.strategy;

import io.symoe.aggregator.extract.ExtractionMode;
import io.symoe.aggregator.testing.FakeGenerator;
import io.symoe.core.generation.GenerationParams;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.symoe.aggregator.testing.Requests.expert;
import static io.symoe.aggregator.testing.Requests.mc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsensusSkippingAggregatorTest {
    final FakeGenerator gen = FakeGenerator.replying("The answer is (J).");
    final Aggregator skipping = new ConsensusSkippingAggregator(
            LlmSynthesisAggregator.moa(gen, GenerationParams.GREEDY, null, ExtractionMode.STRICT), ExtractionMode.STRICT);

    static AggregationRequest agreeing(String id) {
        return mc(id, "agg", expert("a", 0.5, "... The answer is (G)."), expert("b", 0.2, "Answer: G"),
                expert("c", 0.3, "<think>(A)?</think>The answer is (G)."));
    }

    static AggregationRequest split(String id) {
        return mc(id, "agg", expert("a", 0.5, "The answer is (G)."), expert("b", 0.2, "The answer is (H)."));
    }

    @Test
    void unanimousExpertsSkipTheModelCall() {
        AggregationResult res = skipping.aggregate(agreeing("q1")).toCompletableFuture().join();
        assertTrue(gen.calls().isEmpty());
        assertEquals(Optional.of("G"), res.answer().extractedAnswer());
        assertEquals("llm-synthesis", res.answer().strategy());
        assertFalse(res.answer().aggregatorCalled());
        assertTrue(res.provenance().consensusSkipped());
        assertEquals(List.of("a", "b", "c"), res.provenance().agreeing());
    }

    @Test
    void disagreementGoesToTheAggregator() {
        AggregationResult res = skipping.aggregate(split("q1")).toCompletableFuture().join();
        assertEquals(1, gen.calls().size());
        assertEquals(Optional.of("J"), res.answer().extractedAnswer());
        assertFalse(res.provenance().consensusSkipped());
    }

    @Test
    void anAbstainingExpertBreaksTheConsensus() {
        var r = mc("q1", "agg", expert("a", 0.5, "The answer is (G)."), expert("b", 0.5, "I don't know"));
        skipping.aggregate(r).toCompletableFuture().join();
        assertEquals(1, gen.calls().size());
    }

    @Test
    void aLoneExpertIsNotAConsensus() {
        skipping.aggregate(mc("q1", "agg", expert("a", 0.5, "The answer is (G)."))).toCompletableFuture().join();
        assertEquals(1, gen.calls().size());
    }

    @Test
    void batchesForwardOnlyTheContestedInstancesAndKeepOrder() {
        List<AggregationResult> out = skipping.aggregateAll(List.of(agreeing("q1"), split("q2"), agreeing("q3"),
                split("q4"))).toCompletableFuture().join();
        assertEquals(List.of("q1", "q2", "q3", "q4"), out.stream().map(r -> r.answer().instanceId()).toList());
        assertEquals(List.of(true, false, true, false),
                out.stream().map(r -> r.provenance().consensusSkipped()).toList());
        assertEquals(1, gen.calls().size());
        assertEquals(List.of("q2", "q4"), gen.calls().getFirst().prompts().stream().map(p -> p.instanceId()).toList());
    }
}
