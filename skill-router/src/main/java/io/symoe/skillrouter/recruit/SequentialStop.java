package io.symoe.skillrouter.recruit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Adaptive k as a stopping rule: experts are called one at a time in competence order, and recruiting stops once
 * the posterior of the leading answer reaches {@code threshold} or {@code maxExperts} have answered.
 *
 * <p>The posterior treats experts as independent voters, each right with its estimated accuracy p and otherwise
 * wrong uniformly over the other K−1 options. Then {@code P(a | votes) ∝ exp(β·Σ_{m voted a} w_m)} with
 * {@code w_m = log(p_m(K−1)/(1−p_m))}, exactly {@link CompetenceEstimate#voteWeight}, which the competence-weighted
 * recruiter already puts on each expert; options nobody voted for keep weight {@code exp(0) = 1}, so one
 * confident expert on a 10-option question is not mistaken for certainty. An expert without an answer abstains.
 * {@code β} ({@code scale}) is a calibration temperature: the experts' errors are correlated (they agree on the same
 * wrong answer far more often than uniform errors would), so raw weights overstate agreement; β is fitted on
 * training questions ({@code io.symoe.skillrouter.adaptive.StopLearner}), 1 means uncalibrated.
 * Pure and silent, like the recruiters: benchmarks replay it on recorded answers, a pipeline can run it live.
 *
 * @param threshold  posterior of the leading answer at which recruiting stops, in (0, 1]
 * @param maxExperts the most experts called for one question
 * @param scale      β, the calibration factor on vote weights, &gt; 0
 */
public record SequentialStop(double threshold, int maxExperts, double scale) implements StopRule {
    public SequentialStop {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1], got " + threshold);
        }
        if (maxExperts < 1) {
            throw new IllegalArgumentException("maxExperts must be >= 1, got " + maxExperts);
        }
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be a finite number > 0, got " + scale);
        }
    }

    /** The uncalibrated rule (β = 1). */
    public SequentialStop(double threshold, int maxExperts) {
        this(threshold, maxExperts, 1.0);
    }

    /** One expert's reply: its vote weight and extracted answer (empty when it gave none). */
    public record Vote(double weight, Optional<String> answer) {}

    /** The leading answer and its posterior; {@code answer} is empty while nobody has answered. */
    public record Posterior(Optional<String> answer, double probability) {}

    /** The uncalibrated posterior of the leading answer after {@code votes}; ties go to the answer seen first. */
    public static Posterior posterior(List<Vote> votes, int options) {
        return posterior(votes, options, 1.0);
    }

    /** The posterior of the leading answer with vote weights scaled by {@code scale}. */
    public static Posterior posterior(List<Vote> votes, int options, double scale) {
        Map<String, Double> score = scores(votes, scale);
        if (score.isEmpty()) {
            return new Posterior(Optional.empty(), 1.0 / Math.max(2, options));
        }
        String best = null;
        double top = Double.NEGATIVE_INFINITY;
        for (var e : score.entrySet()) {
            if (e.getValue() > top) {
                top = e.getValue();
                best = e.getKey();
            }
        }
        // Normalise relative to the top score so large weights cannot overflow exp().
        double z = Math.max(0, Math.max(2, options) - score.size()) * Math.exp(-top);
        for (double s : score.values()) {
            z += Math.exp(s - top);
        }
        return new Posterior(Optional.of(best), 1.0 / z);
    }

    @Override
    public boolean stopAfter(List<Vote> votes, double spent, List<CostAwareStop.Next> upcoming, int options) {
        return upcoming.isEmpty() || stop(votes, options);
    }

    /** Whether to stop after {@code votes}: the leader is confident enough, or the budget is spent. */
    public boolean stop(List<Vote> votes, int options) {
        if (votes.size() >= maxExperts) {
            return true;
        }
        Posterior p = leader(votes, options);
        return p.answer().isPresent() && p.probability() >= threshold;
    }

    /**
     * How much calling the next experts, of vote weights {@code nextWeights} in that order, is expected to raise the
     * probability that the leading answer is right, under the same independent-voter model: {@code E[max_a P(a |
     * votes, b_1…b_m)] − max_a P(a | votes)}, the new votes drawn from the current posterior. Never negative
     * (information cannot hurt a Bayes decision). One weak vote can rarely overturn a leader, so its gain alone is
     * often 0 even where two more votes would be worth their price: callers look two experts ahead. Exact
     * enumeration, {@code K^(m+1)} terms: meant for m ≤ 2.
     */
    public static double expectedGain(List<Vote> votes, double[] nextWeights, int options, double scale) {
        double[] pi = distribution(votes, options, scale);
        double now = 0;
        for (double v : pi) {
            now = Math.max(now, v);
        }
        return Math.max(0, expectedMax(pi, nextWeights, scale, 0) - now);
    }

    /** One expert ahead: {@link #expectedGain(List, double[], int, double)} with one weight. */
    public static double expectedGain(List<Vote> votes, double nextWeight, int options, double scale) {
        return expectedGain(votes, new double[] {nextWeight}, options, scale);
    }

    /** Σ over the next votes b of max_a joint(a, b…): the expected posterior of the decision taken after them. */
    private static double expectedMax(double[] joint, double[] weights, double scale, int j) {
        if (j == weights.length) {
            double m = 0;
            for (double v : joint) {
                m = Math.max(m, v);
            }
            return m;
        }
        // The expert votes for the truth with odds r against each wrong option: P(b | a) = q·r if b = a, else q.
        double r = Math.exp(scale * weights[j]);
        double q = 1 / (r + joint.length - 1);
        double sum = 0;
        double[] next = new double[joint.length];
        for (int b = 0; b < joint.length; b++) {
            for (int a = 0; a < joint.length; a++) {
                next[a] = joint[a] * (a == b ? q * r : q);
            }
            sum += expectedMax(next, weights, scale, j + 1);
        }
        return sum;
    }

    /** P(truth = option) for every option: the voted answers first, then the options nobody voted for. */
    static double[] distribution(List<Vote> votes, int options, double scale) {
        Map<String, Double> score = scores(votes, scale);
        int n = Math.max(Math.max(2, options), score.size());
        List<Double> s = new ArrayList<>(score.values());
        while (s.size() < n) {
            s.add(0.0);
        }
        double top = s.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double[] pi = new double[n];
        double z = 0;
        for (int i = 0; i < n; i++) {
            pi[i] = Math.exp(s.get(i) - top);
            z += pi[i];
        }
        for (int i = 0; i < n; i++) {
            pi[i] /= z;
        }
        return pi;
    }

    private static Map<String, Double> scores(List<Vote> votes, double scale) {
        Map<String, Double> score = new LinkedHashMap<>();
        for (Vote v : votes) {
            v.answer().ifPresent(a -> score.merge(a, scale * v.weight(), Double::sum));
        }
        return score;
    }
}
