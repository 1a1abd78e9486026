package io.symoe.skillrouter.recruit;

import io.symoe.core.Assignment;
import io.symoe.core.Instance;
import io.symoe.core.Skill;
import io.symoe.skillrouter.profile.ProfileStore;

import java.util.List;
import java.util.Map;

/**
 * Competence minus price (MoE²-style budget): a model's score is its {@link CompetenceEstimate} less
 * {@code λ · cost_m / max cost}, so λ is the accuracy (in probability points) the router will trade for going
 * from the cheapest to the dearest model. Costs are per-model prices or load costs; unknown models cost 0.
 */
public final class CostAwareRecruiter implements Recruiter {
    public static final double DEFAULT_LAMBDA = 0.1;

    private final ProfileStore profiles;
    private final int k;
    private final double prior;
    private final double lambda;
    private final double[] normalisedCost;
    private final double[] global;

    public CostAwareRecruiter(ProfileStore profiles, int k, Map<String, Double> costs, double lambda) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be a finite number >= 0, got " + lambda);
        }
        this.profiles = profiles;
        this.k = k;
        this.prior = CompetenceWeightedRecruiter.DEFAULT_PRIOR;
        this.lambda = lambda;
        List<String> models = profiles.models();
        double max = 0;
        for (var e : costs.entrySet()) {
            if (!(e.getValue() >= 0) || Double.isInfinite(e.getValue())) {
                throw new IllegalArgumentException("cost of " + e.getKey() + " must be finite and >= 0, got " + e.getValue());
            }
            max = Math.max(max, e.getValue());
        }
        this.normalisedCost = new double[models.size()];
        for (int m = 0; m < models.size(); m++) {
            normalisedCost[m] = max == 0 ? 0 : costs.getOrDefault(models.get(m), 0.0) / max;
        }
        this.global = profiles.globalAccuracy();
    }

    @Override
    public Assignment recruit(Instance instance, List<Skill> skills) {
        double[] p = CompetenceEstimate.estimate(profiles, skills, prior);
        double[] score = new double[p.length];
        for (int m = 0; m < p.length; m++) {
            score[m] = p[m] - lambda * normalisedCost[m];
        }
        int[] order = Ranking.order(score, global);
        double[] w = CompetenceEstimate.voteWeights(p, CompetenceEstimate.options(instance));
        return Ranking.assignment(instance, skills, profiles.models(), order, k, w);
    }
}
