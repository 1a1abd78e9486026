package io.symoe.aggregator.strategy;

import io.symoe.aggregator.extract.ExtractionRule;

import java.util.Objects;
import java.util.Optional;

/**
 * One expert's vote: its extracted answer (empty = abstains) and its competence weight for this instance.
 *
 * @param index   the output's position in the request
 * @param modelId the expert
 * @param answer  the extracted answer, empty when none was found
 * @param rule    the extraction rule that found it
 * @param weight  the expert's competence score (the recruiter's weight), >= 0
 */
public record Ballot(int index, String modelId, Optional<String> answer, ExtractionRule rule, double weight) {
    public Ballot {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(rule, "rule");
        if (!Double.isFinite(weight) || weight < 0) {
            throw new IllegalArgumentException("ballot weight must be finite and >= 0, got " + weight);
        }
    }
}
