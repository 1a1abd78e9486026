package io.symoe.skillrouter.recruit;

import io.symoe.core.Assignment;
import io.symoe.core.Instance;
import io.symoe.core.Skill;
import io.symoe.skillrouter.profile.ProfileStore;

import java.util.List;

/**
 * Top-k by {@link CompetenceEstimate} (skill accuracy shrunk to global competence), each expert weighted by its
 * log-odds vote weight so that a competence-weighted vote follows the more reliable expert when they disagree.
 * With neighbour-question skills it is among the best strategies measured on the MMLU-Pro outputs (README).
 */
public final class CompetenceWeightedRecruiter implements Recruiter {
    /** Pseudo-results of global accuracy mixed into each estimate (tuned on a split of the MMLU-Pro outputs). */
    public static final double DEFAULT_PRIOR = 2.0;

    private final ProfileStore profiles;
    private final int k;
    private final double prior;
    private final double[] global;

    public CompetenceWeightedRecruiter(ProfileStore profiles, int k) {
        this(profiles, k, DEFAULT_PRIOR);
    }

    public CompetenceWeightedRecruiter(ProfileStore profiles, int k, double prior) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        if (!(prior >= 0) || Double.isInfinite(prior)) {
            throw new IllegalArgumentException("prior must be a finite number >= 0, got " + prior);
        }
        this.profiles = profiles;
        this.k = k;
        this.prior = prior;
        this.global = profiles.globalAccuracy();
    }

    @Override
    public Assignment recruit(Instance instance, List<Skill> skills) {
        double[] p = CompetenceEstimate.estimate(profiles, skills, prior);
        int[] order = Ranking.order(p, global);
        double[] w = CompetenceEstimate.voteWeights(p, CompetenceEstimate.options(instance));
        return Ranking.assignment(instance, skills, profiles.models(), order, k, w);
    }
}
