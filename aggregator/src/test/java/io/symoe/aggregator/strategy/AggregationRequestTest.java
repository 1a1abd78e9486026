package io.symoe.aggregator.strategy;

import io.symoe.aggregator.extract.ExtractionMode;
import io.symoe.aggregator.testing.Requests;
import io.symoe.core.Assignment;
import io.symoe.core.Instance;
import io.symoe.core.RecruitedExpert;
import io.symoe.core.TokenCounts;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AggregationRequestTest {
    @Test
    void aRequestFromRawOutputsReadsEachAnswerWithTheFormatsExtractor() {
        Instance q = new Instance("q1", "Which one?", Requests.MMLU_PRO);
        Assignment a = new Assignment("q1", List.of(), List.of(new RecruitedExpert("m1", 0.9),
                new RecruitedExpert("m2", 0.5)), List.of(), null);
        var raw = List.of(
                new RawExpertOutput("m1", "q1", "Step by step. The answer is (C).", new TokenCounts(3, 7), Duration.ofMillis(4)),
                new RawExpertOutput("m2", "q1", "I cannot tell.", TokenCounts.UNKNOWN, Duration.ofMillis(2)));
        AggregationRequest r = AggregationRequest.fromRaw(q, a, raw, Requests.MC_INSTRUCTION, ExtractionMode.STRICT);
        assertEquals(Optional.of("C"), r.outputs().get(0).extractedAnswer());
        assertEquals(Optional.empty(), r.outputs().get(1).extractedAnswer(), "no answer in the text is an abstention");
        assertEquals(new TokenCounts(3, 7), r.outputs().get(0).tokens());
        assertEquals("Step by step. The answer is (C).", r.outputs().get(0).text(), "the raw text is kept");

        AggregationResult vote = VoteAggregator.majority(TieBreak.FIRST_SEEN, ExtractionMode.STRICT).aggregate(r)
                .toCompletableFuture().join();
        assertEquals(Optional.of("C"), vote.answer().extractedAnswer());
    }
}
