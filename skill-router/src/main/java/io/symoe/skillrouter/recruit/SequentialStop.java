package io.symoe.skillrouter.recruit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Adaptive k as a stopping rule: experts are called one at a time in competence order, and recruiting stops once
 * the posterior of the leading answer reaches {@code threshold} or {@code maxExperts} have answered.
 *
 * <p>The posterior treats experts as independent voters, each right with its estimated accuracy p and otherwise
 * wrong uniformly over the other K−1 options. Then {@code P(a | votes) ∝ exp(Σ_{m voted a} w_m)} with
 * {@code w_m = log(p_m(K−1)/(1−p_m))}, exactly {@link CompetenceEstimate#voteWeight}, which the competence-weighted
 * recruiter already puts on each expert; options nobody voted for keep weight {@code exp(0) = 1}, so one
 * confident expert on a 10-option question is not mistaken for certainty. An expert without an answer abstains.
 * Pure and silent, like the recruiters: benchmarks replay it on recorded answers, a pipeline can run it live.
 *
 * @param threshold  posterior of the leading answer at which recruiting stops, in (0, 1]
 * @param maxExperts the most experts called for one question
 */
public record SequentialStop(double threshold, int maxExperts) {
    public SequentialStop {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1], got " + threshold);
        }
        if (maxExperts < 1) {
            throw new IllegalArgumentException("maxExperts must be >= 1, got " + maxExperts);
        }
    }

    /** One expert's reply: its vote weight and extracted answer (empty when it gave none). */
    public record Vote(double weight, Optional<String> answer) {}

    /** The leading answer and its posterior; {@code answer} is empty while nobody has answered. */
    public record Posterior(Optional<String> answer, double probability) {}

    /** The posterior of the leading answer after {@code votes}; ties go to the answer seen first. */
    public static Posterior posterior(List<Vote> votes, int options) {
        Map<String, Double> score = new LinkedHashMap<>();
        for (Vote v : votes) {
            v.answer().ifPresent(a -> score.merge(a, v.weight(), Double::sum));
        }
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

    /** Whether to stop after {@code votes}: the leader is confident enough, or the budget is spent. */
    public boolean stop(List<Vote> votes, int options) {
        if (votes.size() >= maxExperts) {
            return true;
        }
        Posterior p = posterior(votes, options);
        return p.answer().isPresent() && p.probability() >= threshold;
    }
}
