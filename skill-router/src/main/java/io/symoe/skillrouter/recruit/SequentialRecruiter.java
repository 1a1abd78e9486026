package io.symoe.skillrouter.recruit;

import io.symoe.core.Assignment;
import io.symoe.core.Instance;
import io.symoe.core.Skill;
import io.symoe.skillrouter.profile.ProfileStore;

import java.util.List;

/**
 * Adaptive k as a policy ({@code recruiter: sequential}): ranks like {@link CompetenceWeightedRecruiter} and
 * recruits up to {@link SequentialStop#maxExperts()} experts, strongest first, each weighted with its vote weight.
 * The assignment is the most that may be called; the caller runs the experts in that order and stops when
 * {@link #stop()} says so, so an easy question costs one call and a contested one up to the budget.
 */
public final class SequentialRecruiter implements Recruiter {
    /**
     * The served threshold, one value for every pool: a compromise, not a learned choice. {@code bench replay
     * --cv 5} learns it per training fold for topk-vote's cost (3 calls) and picks 0.45–0.55 on the ≤ 8B pool and
     * 0.6–0.9 on the full pool, whose stronger experts clear a threshold alone more often. At 0.6 the held-out
     * folds measured 48.96 % at 3.28 calls (small) and 71.83 % at 1.24 calls (full); see the benchmarks README.
     */
    public static final double DEFAULT_THRESHOLD = 0.6;

    private final ProfileStore profiles;
    private final SequentialStop stop;
    private final double[] global;

    public SequentialRecruiter(ProfileStore profiles, SequentialStop stop) {
        this.profiles = profiles;
        this.stop = stop;
        this.global = profiles.globalAccuracy();
    }

    public SequentialStop stop() {
        return stop;
    }

    @Override
    public Assignment recruit(Instance instance, List<Skill> skills) {
        double[] p = CompetenceEstimate.estimate(profiles, skills, CompetenceWeightedRecruiter.DEFAULT_PRIOR);
        int[] order = Ranking.order(p, global);
        double[] w = CompetenceEstimate.voteWeights(p, CompetenceEstimate.options(instance));
        return Ranking.assignment(instance, skills, profiles.models(), order, stop.maxExperts(), w);
    }
}
