package io.symoe.aggregator.strategy;

import io.symoe.aggregator.extract.ExtractionMode;
import io.symoe.aggregator.testing.FakeGenerator;
import io.symoe.core.generation.GenerationException;
import io.symoe.core.generation.GenerationParams;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import static io.symoe.aggregator.testing.Requests.expert;
import static io.symoe.aggregator.testing.Requests.mc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LlmSynthesisAggregatorTest {
    static final GenerationParams PARAMS = GenerationParams.GREEDY;

    static AggregationRequest contested(String id, String aggregatorId) {
        return mc(id, aggregatorId,
                expert("llama", 0.6, "<think>long scratch work</think>Force is mass times acceleration. The answer is (B)."),
                expert("qwen", 0.4, "F = ma = 2 * 3 = 6 N. The answer is (C)."));
    }

    @Test
    void sendsTheMoaPromptToTheRoutersAggregatorAndExtractsItsAnswer() {
        FakeGenerator gen = FakeGenerator.replying("Checking both: 2 kg * 3 m/s^2 = 6 N. The answer is (C).");
        AggregationResult res = LlmSynthesisAggregator.moa(gen, PARAMS, null, ExtractionMode.STRICT)
                .aggregate(contested("q1", "qwen-72b")).toCompletableFuture().join();

        assertEquals(1, gen.calls().size());
        assertEquals("qwen-72b", gen.calls().getFirst().modelId());
        assertEquals(PARAMS, gen.calls().getFirst().params());
        assertEquals(Optional.of("C"), res.answer().extractedAnswer());
        assertEquals("Checking both: 2 kg * 3 m/s^2 = 6 N. The answer is (C).", res.answer().text());
        assertTrue(res.answer().aggregatorCalled());
        assertEquals("llm-synthesis", res.answer().strategy());
        AggregationProvenance p = res.provenance();
        assertTrue(p.modelCalled());
        assertEquals(Optional.of("qwen-72b"), p.aggregatorModel());
        assertEquals(List.of("qwen"), p.agreeing());
        // The experts' own vote is kept: B won it on the competence tie-break, the aggregator overruled it.
        assertEquals(Optional.of("B"), p.tally().winner());
        assertEquals(Optional.empty(), p.fallbackReason());
    }

    @Test
    void promptSnapshot() {
        FakeGenerator gen = FakeGenerator.replying("The answer is (C).");
        LlmSynthesisAggregator.moa(gen, PARAMS, null, ExtractionMode.STRICT)
                .aggregate(contested("q1", "agg")).toCompletableFuture().join();
        String expected = """
                You are given several responses that other models wrote to the question below. Synthesize them into \
                one answer of your own. Evaluate each response critically: some of them may be wrong, biased or \
                incomplete, and agreement between them is not proof. Do not simply copy a response or pick the most \
                common answer; check the reasoning, correct what is wrong, and give an accurate, well-reasoned reply.

                Responses from models:

                ### Model 1's response:
                Force is mass times acceleration. The answer is (B).

                ### Model 2's response:
                F = ma = 2 * 3 = 6 N. The answer is (C).

                Question: What is the question q1?
                Provide your step-by-step reasoning first, and then print "The answer is (X)", where X is the answer \
                choice (one capital letter), at the end of your response.""";
        assertEquals(List.of(expected), gen.userTurns());
        assertEquals(1, gen.calls().getFirst().prompts().getFirst().messages().size(), "a single user turn");
    }

    @Test
    void aConfiguredModelOverridesTheRoutersChoice() {
        FakeGenerator gen = FakeGenerator.replying("The answer is (B).");
        LlmSynthesisAggregator.moa(gen, PARAMS, "fixed-agg", ExtractionMode.STRICT)
                .aggregate(contested("q1", "router-agg")).toCompletableFuture().join();
        assertEquals("fixed-agg", gen.calls().getFirst().modelId());
    }

    @Test
    void noAggregatorModelIsAClearError() {
        FakeGenerator gen = FakeGenerator.replying("x");
        var stage = LlmSynthesisAggregator.moa(gen, PARAMS, null, ExtractionMode.STRICT)
                .aggregate(contested("q1", null)).toCompletableFuture();
        CompletionException e = assertThrows(CompletionException.class, stage::join);
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("aggregator.model"), e.getCause().getMessage());
        assertTrue(gen.calls().isEmpty());
    }

    @Test
    void aFailedCallFallsBackToTheVoteAndSaysWhy() {
        FakeGenerator gen = FakeGenerator.replying("unused")
                .failingWith(new GenerationException(GenerationException.Kind.CONTEXT_LENGTH, "agg", "prompt too long"));
        AggregationResult res = LlmSynthesisAggregator.moa(gen, PARAMS, null, ExtractionMode.STRICT)
                .aggregate(contested("q1", "agg")).toCompletableFuture().join();
        assertEquals(Optional.of("B"), res.answer().extractedAnswer());
        assertTrue(res.provenance().modelCalled());
        assertTrue(res.provenance().fallbackReason().orElseThrow().contains("prompt too long"));
    }

    @Test
    void anUnparseableSynthesisLetsTheVoteStandIn() {
        FakeGenerator gen = FakeGenerator.replying("Both responses have merit.");
        AggregationResult res = LlmSynthesisAggregator.moa(gen, PARAMS, null, ExtractionMode.STRICT)
                .aggregate(contested("q1", "agg")).toCompletableFuture().join();
        assertEquals(Optional.of("B"), res.answer().extractedAnswer());
        assertEquals("Both responses have merit.", res.answer().text());
        assertTrue(res.provenance().fallbackReason().isPresent());
    }

    @Test
    void aggregateAllSendsOneBatchPerAggregatorModelInRequestOrder() {
        FakeGenerator gen = new FakeGenerator((model, p) -> p.instanceId().equals("q2")
                ? "The answer is (D)." : "The answer is (C).");
        var reqs = List.of(contested("q1", "aggA"), contested("q2", "aggB"), contested("q3", "aggA"));
        List<AggregationResult> out = LlmSynthesisAggregator.moa(gen, PARAMS, null, ExtractionMode.STRICT)
                .aggregateAll(reqs).toCompletableFuture().join();
        assertEquals(List.of("q1", "q2", "q3"), out.stream().map(r -> r.answer().instanceId()).toList());
        assertEquals(List.of("C", "D", "C"), out.stream().map(r -> r.answer().extractedAnswer().orElseThrow()).toList());
        assertEquals(2, gen.calls().size());
        assertEquals("aggA", gen.calls().get(0).modelId());
        assertEquals(List.of("q1", "q3"), gen.calls().get(0).prompts().stream().map(p -> p.instanceId()).toList());
        assertEquals("aggB", gen.calls().get(1).modelId());
    }

    @Test
    void selfMoaUsesTheSamplesModelWhenNoneIsChosenAndRecordsN() {
        FakeGenerator gen = FakeGenerator.replying("The answer is (E).");
        var r = mc("q1", null,
                expert("qwen", 0.5, "The answer is (E)."),
                expert("qwen", 0.5, "The answer is (D)."),
                expert("qwen", 0.5, "The answer is (E)."));
        AggregationResult res = LlmSynthesisAggregator.selfMoa(gen, PARAMS, null, ExtractionMode.STRICT)
                .aggregate(r).toCompletableFuture().join();
        assertEquals("qwen", gen.calls().getFirst().modelId());
        assertEquals("self-moa", res.answer().strategy());
        assertEquals(new SelfMoaChoice(3, 3, List.of(0, 1, 2), 1), res.provenance().selfMoa().orElseThrow());
        assertFalse(res.provenance().consensusSkipped());
    }
}
