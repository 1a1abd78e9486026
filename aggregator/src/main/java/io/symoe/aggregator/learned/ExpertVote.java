package io.symoe.aggregator.learned;

import java.util.Objects;
import java.util.Optional;

/**
 * One recruited expert's contribution, as the stacking features read it.
 *
 * @param modelId the expert
 * @param weight  the recruiter's competence score for this question (log-odds for competence-weighted)
 * @param answer  its extracted answer, empty when it abstained
 * @param text    its full reasoning text, empty when the source recorded none
 */
public record ExpertVote(String modelId, double weight, Optional<String> answer, String text) {
    public ExpertVote {
        Objects.requireNonNull(modelId, "modelId");
        answer = answer == null ? Optional.empty() : answer;
        text = text == null ? "" : text;
        if (!Double.isFinite(weight)) {
            throw new IllegalArgumentException("weight of " + modelId + " must be finite, got " + weight);
        }
    }
}
