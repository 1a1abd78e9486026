package io.symoe.aggregator.learned;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Adaptive k on the learned aggregator's own posterior: one stacking model per stage m = 1…M, each trained on the
 * first m experts' votes (features computed exactly as served), and one threshold. Experts are called in
 * competence order; after m of them the stage-m model scores every candidate, and calling stops once the leading
 * candidate's P(right) reaches {@code threshold} (or M experts have answered). The answer is the stage model's
 * choice. Unlike the vote posterior ({@code SequentialStop}), P(right) here already weighs who answered and how
 * their texts read, and it is fitted on gold answers, so it is calibrated where the vote's is not.
 *
 * @param stages    stage m's model at index m − 1; all share one feature recipe
 * @param threshold P(right) of the leader at which calling stops, in (0, 1]
 * @param choice    how the threshold was chosen (for provenance and readiness)
 */
public record StagedModel(List<StackingModel> stages, double threshold, ThresholdChoice choice) {
    public StagedModel {
        stages = List.copyOf(stages);
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a staged model needs at least one stage");
        }
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("the stop threshold must be in (0, 1], got " + threshold);
        }
        Objects.requireNonNull(choice, "choice");
    }

    /** The most experts it ever calls for one question: its number of stages. */
    public int maxExperts() {
        return stages.size();
    }

    /** The model for {@code answered} experts' votes (the last stage past M, the first for none). */
    public StackingModel at(int answered) {
        return stages.get(Math.clamp(answered, 1, stages.size()) - 1);
    }

    /** The leading candidate after {@code votes} and its P(right); empty while every expert abstained. */
    public Optional<ScoredCandidate> leader(List<ExpertVote> votes, int options) {
        return at(votes.size()).choose(votes, options);
    }

    /** Whether to stop after {@code votes}: the budget of stages is spent, or the leader is confident enough. */
    public boolean stop(List<ExpertVote> votes, int options) {
        return votes.size() >= stages.size() || confident(leader(votes, options).map(ScoredCandidate::score), threshold);
    }

    /** The one stop test the service and the replays share: a leader whose P(right) reaches the threshold. */
    public static boolean confident(Optional<Double> leaderScore, double threshold) {
        return leaderScore.isPresent() && leaderScore.get() >= threshold;
    }

    /**
     * How the threshold was chosen: the target mean calls, and what the chosen threshold did on the validation
     * questions it was chosen on (never the questions it is later scored on).
     */
    public record ThresholdChoice(double targetCalls, int validationQuestions, double validationCalls,
                                  double validationAccuracy) {}
}
