package io.symoe.aggregator.learned;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Adaptive k on the learned aggregator's own posterior: one stacking model per stage m = 1…M, each trained on the
 * first m experts' votes (features computed exactly as served), and one threshold. Experts are called in
 * competence order; after m of them the stage-m model scores every candidate, and calling stops once the leading
 * candidate's P(right) reaches stage m's threshold (or M experts have answered). The answer is the stage model's
 * choice. Unlike the vote posterior ({@code SequentialStop}), P(right) here already weighs who answered and how
 * their texts read, and it is fitted on gold answers, so it is calibrated where the vote's is not.
 *
 * @param stages     stage m's model at index m − 1; all share one feature recipe
 * @param thresholds stage m's threshold at index m − 1 for m &lt; M (the last stage always stops): P(right) of the
 *                   leader at which calling stops; 0 stops there always, above 1 never
 * @param choice     how the thresholds were chosen (for provenance and readiness)
 */
public record StagedModel(List<StackingModel> stages, List<Double> thresholds, ThresholdChoice choice) {
    public StagedModel {
        stages = List.copyOf(stages);
        thresholds = List.copyOf(thresholds);
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a staged model needs at least one stage");
        }
        if (thresholds.size() != stages.size() - 1) {
            throw new IllegalArgumentException("a staged model of " + stages.size() + " stages needs "
                    + (stages.size() - 1) + " stop thresholds (the last stage always stops), got " + thresholds);
        }
        for (double t : thresholds) {
            if (!(t >= 0) || Double.isInfinite(t)) {
                throw new IllegalArgumentException("stop thresholds must be finite and >= 0, got " + thresholds);
            }
        }
        Objects.requireNonNull(choice, "choice");
    }

    /** One threshold for every stage. */
    public static List<Double> uniform(double threshold, int stages) {
        return java.util.Collections.nCopies(Math.max(0, stages - 1), threshold);
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

    /**
     * Whether to stop after {@code votes} (at least one): the budget of stages is spent, or the leader is
     * confident enough for this stage.
     */
    public boolean stop(List<ExpertVote> votes, int options) {
        return votes.size() >= stages.size()
                || confident(leader(votes, options).map(ScoredCandidate::score), thresholds.get(votes.size() - 1));
    }

    /** The one stop test the service and the replays share: a leader whose P(right) reaches the threshold. */
    public static boolean confident(Optional<Double> leaderScore, double threshold) {
        return threshold == 0 || leaderScore.isPresent() && leaderScore.get() >= threshold;
    }

    /**
     * How the threshold was chosen: the target mean calls, and what the chosen threshold did on the validation
     * questions it was chosen on (never the questions it is later scored on).
     */
    public record ThresholdChoice(double targetCalls, int validationQuestions, double validationCalls,
                                  double validationAccuracy) {}
}
