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
     * The fallback threshold when nothing was learned (see {@link StopPolicy}): a compromise, not a learned choice. {@code bench replay
     * --cv 5} learns it per training fold for topk-vote's cost (3 calls) and picks 0.45–0.55 on the ≤ 8B pool and
     * 0.6–0.9 on the full pool, whose stronger experts clear a threshold alone more often. At 0.6 the held-out
     * folds measured 48.96 % at 3.28 calls (small) and 71.83 % at 1.24 calls (full); see the benchmarks README.
     */
    public static final double DEFAULT_THRESHOLD = 0.6;

    private final ProfileStore profiles;
    private final StopRule stop;
    private final StopPolicy policy;
    private final double[] global;

    public SequentialRecruiter(ProfileStore profiles, SequentialStop stop) {
        this(profiles, stop, StopPolicy.threshold(stop.threshold(), stop.scale(), StopPolicy.Source.CONFIG, "given"));
    }

    /** Serves {@code policy}'s rule with a budget of {@code maxExperts} calls. */
    public SequentialRecruiter(ProfileStore profiles, StopPolicy policy, int maxExperts) {
        this(profiles, policy.stop(maxExperts), policy);
    }

    private SequentialRecruiter(ProfileStore profiles, StopRule stop, StopPolicy policy) {
        this.profiles = profiles;
        this.stop = stop;
        this.policy = policy;
        this.global = profiles.globalAccuracy();
    }

    public StopRule stop() {
        return stop;
    }

    /** The served rule's values and where they came from. */
    public StopPolicy policy() {
        return policy;
    }

    public ProfileStore profiles() {
        return profiles;
    }

    @Override
    public Assignment recruit(Instance instance, List<Skill> skills) {
        double[] p = CompetenceEstimate.estimate(profiles, skills, CompetenceWeightedRecruiter.DEFAULT_PRIOR);
        int[] order = Ranking.order(p, global);
        double[] w = CompetenceEstimate.voteWeights(p, CompetenceEstimate.options(instance));
        return Ranking.assignment(instance, skills, profiles.models(), order, stop.maxExperts(), w);
    }
}
