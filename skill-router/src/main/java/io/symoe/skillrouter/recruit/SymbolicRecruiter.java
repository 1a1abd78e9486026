package io.symoe.skillrouter.recruit;

import io.symoe.core.Assignment;
import io.symoe.core.Instance;
import io.symoe.core.RecruitedExpert;
import io.symoe.core.Skill;
import io.symoe.skillrouter.profile.ProfileStore;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The paper's recruiter (Symbolic-MoE steps 4–5): local score × global competence γ, normalised, k draws with
 * replacement; no skills → k uniform draws. Each instance gets its own generator seeded from the configured seed
 * and the instance id, so a run is reproducible whatever order or thread routes the instances.
 */
public final class SymbolicRecruiter implements Recruiter {
    private final ProfileStore profiles;
    private final int k;
    private final long seed;
    private final double[] gamma;

    public SymbolicRecruiter(ProfileStore profiles, int k, long seed) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        this.profiles = profiles;
        this.k = k;
        this.seed = seed;
        this.gamma = PaperScores.gamma(profiles.paperGlobalScores());
    }

    /** γ over the pool, in {@link ProfileStore#models()} order. */
    public double[] gamma() {
        return gamma.clone();
    }

    /** The normalised draw distribution for these skills (uniform when none of them is profiled). */
    public double[] distribution(List<Skill> skills) {
        int n = gamma.length;
        boolean known = skills.stream().anyMatch(s -> profiles.tally(s.name()) != null);
        if (!known) {
            double[] u = new double[n];
            java.util.Arrays.fill(u, 1.0 / n);
            return u;
        }
        return PaperScores.drawWeights(PaperScores.localScores(profiles, skills), gamma);
    }

    @Override
    public Assignment recruit(Instance instance, List<Skill> skills) {
        double[] p = distribution(skills);
        SplittableRandom rng = new SplittableRandom(seed ^ ((long) instance.id().hashCode() * 0x9E3779B97F4A7C15L));
        int[] draws = PaperScores.drawWithReplacement(p, k, rng::nextDouble);
        List<String> models = profiles.models();
        List<RecruitedExpert> experts = new ArrayList<>(k);
        Set<Integer> drawn = new LinkedHashSet<>();
        for (int d : draws) {
            experts.add(new RecruitedExpert(models.get(d), p[d]));
            drawn.add(d);
        }
        List<String> candidates = new ArrayList<>();
        for (int m : Ranking.order(p, gamma)) {
            if (!drawn.contains(m)) {
                candidates.add(models.get(m));
            }
        }
        return new Assignment(instance.id(), skills, experts, candidates, null);
    }
}
