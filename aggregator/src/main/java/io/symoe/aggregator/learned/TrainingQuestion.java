package io.symoe.aggregator.learned;

import java.util.List;
import java.util.Objects;

/**
 * One training question: its experts' votes (with weights computed without this question, or the features leak
 * its answer), how many options it has, and the gold answer.
 */
public record TrainingQuestion(List<ExpertVote> votes, int options, String gold) {
    public TrainingQuestion {
        votes = List.copyOf(votes);
        Objects.requireNonNull(gold, "gold");
    }
}
