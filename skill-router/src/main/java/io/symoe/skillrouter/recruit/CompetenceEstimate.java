package io.symoe.skillrouter.recruit;

import io.symoe.core.AnswerFormat;
import io.symoe.core.Instance;
import io.symoe.core.Skill;
import io.symoe.skillrouter.profile.ProfileStore;
import io.symoe.skillrouter.profile.SkillTally;

import java.util.List;

/**
 * Each model's estimated probability of answering this instance right: its skill-weighted accuracy on the
 * instance's skills, shrunk towards its global accuracy by a prior of {@code priorStrength} pseudo-results,
 * {@code p_m = (Σ_w a_w·correct_mw + α·acc_m) / (Σ_w a_w·count_mw + α)}. With neighbour-question skills this is
 * a similarity-weighted kNN vote on correctness; with categories it is the shrunk per-category accuracy. The
 * shrinkage matters: raw kNN accuracies over few neighbours are noisy, and on MMLU-Pro the unshrunk estimate
 * loses to plain global top-k (measured, see the README).
 */
public final class CompetenceEstimate {
    private CompetenceEstimate() {
    }

    public static double[] estimate(ProfileStore profiles, List<Skill> skills, double priorStrength) {
        double[] global = profiles.globalAccuracy();
        int n = global.length;
        double[] num = new double[n];
        double[] den = new double[n];
        for (Skill s : skills) {
            SkillTally t = profiles.tally(s.name());
            if (t == null) {
                continue;
            }
            double a = s.weight();
            double[] c = t.correct();
            double[] k = t.count();
            for (int m = 0; m < n; m++) {
                num[m] += a * c[m];
                den[m] += a * k[m];
            }
        }
        double[] p = new double[n];
        for (int m = 0; m < n; m++) {
            double d = den[m] + priorStrength;
            p[m] = d == 0 ? global[m] : (num[m] + priorStrength * global[m]) / d;
        }
        return p;
    }

    /**
     * The vote weight of an expert with accuracy p on a K-option question: {@code log(p·(K−1)/(1−p))}, the
     * weighted-majority rule that is optimal for independent voters whose errors spread over the wrong options.
     * Clipped to stay positive and finite.
     */
    public static double voteWeight(double p, int options) {
        double q = Math.clamp(p, 0.01, 0.99);
        return Math.max(1e-3, Math.log(q * (Math.max(options, 2) - 1) / (1 - q)));
    }

    /** {@link #voteWeight} of every model's estimated accuracy {@code p}. */
    public static double[] voteWeights(double[] p, int options) {
        double[] w = new double[p.length];
        for (int m = 0; m < p.length; m++) {
            w[m] = voteWeight(p[m], options);
        }
        return w;
    }

    /** Options of a multiple-choice instance; 2 otherwise (the weight then reduces to plain log-odds). */
    public static int options(Instance instance) {
        return instance.task().answerFormat() instanceof AnswerFormat.MultipleChoice mc ? mc.options() : 2;
    }
}
