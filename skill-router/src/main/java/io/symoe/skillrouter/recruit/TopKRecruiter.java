package io.symoe.skillrouter.recruit;

import io.symoe.core.Assignment;
import io.symoe.core.Instance;
import io.symoe.core.Skill;
import io.symoe.skillrouter.profile.ProfileStore;

import java.util.List;

/**
 * Deterministic top-k without replacement by the paper's local score {@code S_m = Σ_w a_w·P_m[w]}, ties broken
 * by global competence: the paper's signal without its sampling noise and without duplicate experts. Expert
 * weight = the model's γ-free share of the positive local score (all-equal when none is positive).
 */
public final class TopKRecruiter implements Recruiter {
    private final ProfileStore profiles;
    private final int k;
    private final double[] global;

    public TopKRecruiter(ProfileStore profiles, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        this.profiles = profiles;
        this.k = k;
        this.global = profiles.globalAccuracy();
    }

    @Override
    public Assignment recruit(Instance instance, List<Skill> skills) {
        double[] s = PaperScores.localScores(profiles, skills);
        int[] order = Ranking.order(s, global);
        double[] w = new double[s.length];
        double sum = 0;
        for (int i = 0; i < Math.min(k, order.length); i++) {
            sum += Math.max(0, s[order[i]]);
        }
        for (int m = 0; m < s.length; m++) {
            w[m] = sum > 0 ? Math.max(0, s[m]) / sum : 1.0 / k;
        }
        return Ranking.assignment(instance, skills, profiles.models(), order, k, w);
    }
}
