package io.symoe.skillrouter.recruit;

import io.symoe.core.Skill;
import io.symoe.skillrouter.profile.ProfileStore;
import io.symoe.skillrouter.profile.SkillTally;

import java.util.List;
import java.util.function.DoubleSupplier;

/** The Symbolic-MoE scoring formulas (paper steps 4–5) as pure functions, so they can be checked by hand. */
public final class PaperScores {
    /** γ uses power 1/T with T = 0.5, i.e. squares the shifted competence. */
    public static final double TEMPERATURE = 0.5;

    private PaperScores() {
    }

    /** Step 4 shift: if min G < 0, {@code G' = G − min G + 1}; otherwise G is kept. */
    public static double[] shifted(double[] global) {
        double min = Double.POSITIVE_INFINITY;
        for (double g : global) {
            min = Math.min(min, g);
        }
        double[] out = global.clone();
        if (min < 0) {
            for (int i = 0; i < out.length; i++) {
                out[i] = global[i] - min + 1;
            }
        }
        return out;
    }

    /** Step 4: {@code γ_m = G'_m^(1/T) / Σ G'^(1/T)}; all-zero competence gives the uniform distribution. */
    public static double[] gamma(double[] global) {
        double[] s = shifted(global);
        double sum = 0;
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.pow(s[i], 1 / TEMPERATURE);
            sum += s[i];
        }
        for (int i = 0; i < s.length; i++) {
            s[i] = sum == 0 ? 1.0 / s.length : s[i] / sum;
        }
        return s;
    }

    /**
     * Step 5 local score {@code S_m = Σ_w P_m[w]} over the instance's (mapped) skills, duplicates counted each
     * time; a skill's weight multiplies its term (1 for keywords, so this is exactly the paper's sum). Skills
     * the profiles never saw contribute nothing.
     */
    public static double[] localScores(ProfileStore profiles, List<Skill> skills) {
        double[] s = new double[profiles.models().size()];
        for (Skill skill : skills) {
            SkillTally t = profiles.tally(skill.name());
            if (t == null) {
                continue;
            }
            for (int m = 0; m < s.length; m++) {
                s[m] += skill.weight() * t.paperScore(m);
            }
        }
        return s;
    }

    /**
     * Step 5 sampling weights, normalised: if some {@code S_m > 0}, only those models, weighted {@code S_m·γ_m};
     * otherwise every model, weighted {@code (S_m − min S + 1)·γ_m}. If the weights sum to zero (γ zero on every
     * candidate) the candidates share it uniformly.
     */
    public static double[] drawWeights(double[] local, double[] gamma) {
        int n = local.length;
        boolean anyPositive = false;
        double min = Double.POSITIVE_INFINITY;
        for (double s : local) {
            anyPositive |= s > 0;
            min = Math.min(min, s);
        }
        double[] w = new double[n];
        double sum = 0;
        int candidates = 0;
        for (int m = 0; m < n; m++) {
            boolean candidate = !anyPositive || local[m] > 0;
            if (candidate) {
                candidates++;
                w[m] = (anyPositive ? local[m] : local[m] - min + 1) * gamma[m];
                sum += w[m];
            }
        }
        for (int m = 0; m < n; m++) {
            boolean candidate = !anyPositive || local[m] > 0;
            if (sum == 0) {
                w[m] = candidate ? 1.0 / candidates : 0;
            } else {
                w[m] /= sum;
            }
        }
        return w;
    }

    /**
     * {@code k} draws with replacement from normalised weights: each uniform u in [0, 1) picks the first index
     * whose cumulative weight exceeds it. The same model may come out twice; each draw is a separate sample.
     */
    public static int[] drawWithReplacement(double[] weights, int k, DoubleSupplier uniform) {
        int[] out = new int[k];
        for (int d = 0; d < k; d++) {
            double u = uniform.getAsDouble();
            double cum = 0;
            int pick = -1;
            int lastPositive = -1;
            for (int m = 0; m < weights.length; m++) {
                if (weights[m] > 0) {
                    lastPositive = m;
                }
                cum += weights[m];
                if (u < cum && weights[m] > 0) {
                    pick = m;
                    break;
                }
            }
            out[d] = pick >= 0 ? pick : lastPositive; // rounding left u above the total: the last real candidate
        }
        return out;
    }
}
