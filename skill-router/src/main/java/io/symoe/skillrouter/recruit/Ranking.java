package io.symoe.skillrouter.recruit;

import io.symoe.core.Assignment;
import io.symoe.core.Instance;
import io.symoe.core.RecruitedExpert;
import io.symoe.core.Skill;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Deterministic ordering of models by score, and the assignment a ranked recruiter returns. */
final class Ranking {
    private Ranking() {
    }

    /**
     * Model indices by descending score; ties by descending tie-breaker (global competence), then by pool order,
     * so equal profiles always rank the same way.
     */
    static int[] order(double[] score, double[] tieBreak) {
        Integer[] idx = new Integer[score.length];
        Arrays.setAll(idx, i -> i);
        Arrays.sort(idx, Comparator.<Integer>comparingDouble(i -> -score[i])
                .thenComparingDouble(i -> -tieBreak[i])
                .thenComparingInt(i -> i));
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }

    /** The first {@code count} ranked models as experts (weights from {@code weight}), the rest as candidates. */
    static Assignment assignment(Instance instance, List<Skill> skills, List<String> models, int[] order, int count,
                                 double[] weight) {
        int n = Math.min(count, order.length);
        List<RecruitedExpert> experts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            experts.add(new RecruitedExpert(models.get(order[i]), Math.max(0, weight[order[i]])));
        }
        List<String> candidates = new ArrayList<>(order.length - n);
        for (int i = n; i < order.length; i++) {
            candidates.add(models.get(order[i]));
        }
        return new Assignment(instance.id(), skills, experts, candidates, null);
    }
}
