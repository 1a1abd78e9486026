package io.symoe.skillrouter.recruit;

import io.symoe.core.Assignment;
import io.symoe.core.Instance;
import io.symoe.core.Skill;
import io.symoe.skillrouter.profile.ProfileStore;

import java.util.List;

/**
 * Adaptive k ("harder tasks need more experts"): ranks like {@link CompetenceWeightedRecruiter}, then sizes the
 * team by the best expert's estimated accuracy p₁: one expert when {@code p₁ ≥ confident} (extra votes rarely
 * overturn a reliable expert and cost calls), {@code maxK} when {@code p₁ < doubtful} (a hard question, where a
 * wider vote helps), k otherwise. The calls saved on easy questions pay for the extra ones on hard questions.
 */
public final class AdaptiveRecruiter implements Recruiter {
    /** Thresholds on p₁ and the hard-question team size. */
    public record Policy(double confident, double doubtful, int maxK) {
        public static final Policy DEFAULT = new Policy(0.8, 0.3, 5);

        public Policy {
            if (!(doubtful >= 0 && doubtful <= confident && confident <= 1)) {
                throw new IllegalArgumentException("need 0 <= doubtful <= confident <= 1, got " + doubtful + ", " + confident);
            }
            if (maxK < 1) {
                throw new IllegalArgumentException("maxK must be >= 1, got " + maxK);
            }
        }

        /** The team size for a best-expert estimate p₁ and a base k. */
        public int teamSize(double p1, int k) {
            if (p1 >= confident) {
                return 1;
            }
            return p1 < doubtful ? Math.max(k, maxK) : k;
        }
    }

    private final ProfileStore profiles;
    private final int k;
    private final Policy policy;
    private final double[] global;

    public AdaptiveRecruiter(ProfileStore profiles, int k, Policy policy) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        this.profiles = profiles;
        this.k = k;
        this.policy = policy;
        this.global = profiles.globalAccuracy();
    }

    @Override
    public Assignment recruit(Instance instance, List<Skill> skills) {
        double[] p = CompetenceEstimate.estimate(profiles, skills, CompetenceWeightedRecruiter.DEFAULT_PRIOR);
        int[] order = Ranking.order(p, global);
        double[] w = CompetenceEstimate.voteWeights(p, CompetenceEstimate.options(instance));
        int size = policy.teamSize(p[order[0]], k);
        return Ranking.assignment(instance, skills, profiles.models(), order, size, w);
    }
}
