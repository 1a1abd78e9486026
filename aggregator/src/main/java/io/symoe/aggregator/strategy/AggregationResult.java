package io.symoe.aggregator.strategy;

import io.symoe.core.Answer;

import java.util.Objects;

/**
 * An aggregator's output: core's {@link Answer} (what the pipeline returns) and the richer provenance only the
 * aggregator knows (ballots, tally, Self-MoA choices). Kept in this module so core's Answer stays small.
 */
public record AggregationResult(Answer answer, AggregationProvenance provenance) {
    public AggregationResult {
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(provenance, "provenance");
        if (answer.aggregatorCalled() != provenance.modelCalled()) {
            throw new IllegalArgumentException("answer.aggregatorCalled and provenance.modelCalled disagree");
        }
    }
}
