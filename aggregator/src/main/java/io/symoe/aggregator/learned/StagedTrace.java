package io.symoe.aggregator.learned;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One question as the staged stop rule sees it: after each stage m, the stage model's leading answer and its
 * P(right). Replaying a threshold is then exact and cheap (no model runs), so a threshold grid is swept on the
 * traces of validation questions.
 *
 * @param leaders the leader after stage m at index m − 1, null where every expert so far abstained
 * @param scores  its P(right) (0 where there is no leader)
 * @param gold    the right answer
 */
public record StagedTrace(List<String> leaders, double[] scores, String gold) {
    public StagedTrace {
        leaders = java.util.Collections.unmodifiableList(new ArrayList<>(leaders));
        scores = scores.clone();
        Objects.requireNonNull(gold, "gold");
        if (leaders.isEmpty() || leaders.size() != scores.length) {
            throw new IllegalArgumentException("a staged trace needs one leader and one score per stage, got "
                    + leaders.size() + " and " + scores.length);
        }
    }

    /** The trace of one question whose votes are its experts in calling order (at least as many as stages). */
    public static StagedTrace of(List<StackingModel> stages, List<ExpertVote> votes, int options, String gold) {
        int m = Math.min(stages.size(), votes.size());
        List<String> leaders = new ArrayList<>(m);
        double[] scores = new double[m];
        for (int s = 1; s <= m; s++) {
            Optional<ScoredCandidate> c = stages.get(s - 1).choose(votes.subList(0, s), options);
            leaders.add(c.map(x -> x.candidate().answer()).orElse(null));
            scores[s - 1] = c.map(ScoredCandidate::score).orElse(0.0);
        }
        return new StagedTrace(leaders, scores, gold);
    }

    /** What the rule did on this question: experts called and whether the answer was right. */
    public record Outcome(int calls, boolean right) {}

    /** Calls stage by stage until the leader reaches {@code threshold} (the first call always happens). */
    public Outcome replay(double threshold) {
        return replay(StagedModel.uniform(threshold, leaders.size()));
    }

    /**
     * Calls stage by stage until the leader reaches that stage's threshold ({@link StagedModel#thresholds()}; a
     * trace shorter than the rule stops at its last stage).
     */
    public Outcome replay(List<Double> thresholds) {
        int m = 1;
        while (m < leaders.size() && m <= thresholds.size() && !StagedModel.confident(
                leaders.get(m - 1) == null ? Optional.empty() : Optional.of(scores[m - 1]), thresholds.get(m - 1))) {
            m++;
        }
        String a = leaders.get(m - 1);
        return new Outcome(m, a != null && a.equals(gold));
    }

    /** {accuracy %, mean calls} of {@code threshold} over the traces. */
    public static double[] score(List<StagedTrace> traces, double threshold) {
        return score(traces, StagedModel.uniform(threshold, traces.isEmpty() ? 1 : traces.getFirst().leaders().size()));
    }

    /** {accuracy %, mean calls} of per-stage {@code thresholds} over the traces. */
    public static double[] score(List<StagedTrace> traces, List<Double> thresholds) {
        if (traces.isEmpty()) {
            throw new IllegalArgumentException("no traces to score");
        }
        int right = 0;
        long calls = 0;
        for (StagedTrace t : traces) {
            Outcome o = t.replay(thresholds);
            right += o.right() ? 1 : 0;
            calls += o.calls();
        }
        return new double[] {100.0 * right / traces.size(), (double) calls / traces.size()};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StagedTrace t && leaders.equals(t.leaders) && Arrays.equals(scores, t.scores)
                && gold.equals(t.gold);
    }

    @Override
    public int hashCode() {
        return Objects.hash(leaders, Arrays.hashCode(scores), gold);
    }
}
