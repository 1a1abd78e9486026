package io.symoe.modelpool.simulation;

import io.symoe.core.recorded.RecordedOutcome;
import io.symoe.core.recorded.RecordedQuestion;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The default recruiter of the schedule benchmark: for a question, the {@code k} models with the highest
 * accuracy within the question's category on a profile set. This is Symbolic-MoE's "category skills" idea
 * (Chen et al. 2025) reduced to one skill per question; the skill-router's keyword-based recruiter plugs in
 * through the same {@code Function<RecordedQuestion, List<String>>}.
 *
 * <p>Accuracy counts only questions a model has a record for (DeepSeek-Coder-V2 covers 7 925 of 9 195), with a
 * +1/+2 Laplace prior so a model seen on few questions is not ranked top by luck. Ties break by model id, so the
 * choice is deterministic. A category absent from the profile falls back to overall accuracy.
 */
public final class CategoryTopKRecruiter implements Function<RecordedQuestion, List<String>> {
    private static final String ALL = "\u0000all";
    private final Map<String, List<String>> ranked;
    private final int k;

    public CategoryTopKRecruiter(List<RecordedQuestion> profile, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        if (profile.isEmpty()) {
            throw new IllegalArgumentException("profile set is empty");
        }
        this.k = k;
        Map<String, Map<String, double[]>> tallies = new HashMap<>();
        for (RecordedQuestion q : profile) {
            String cat = q.category() == null ? ALL : q.category();
            for (Map.Entry<String, RecordedOutcome> e : q.outcomes().entrySet()) {
                for (String key : cat.equals(ALL) ? List.of(ALL) : List.of(cat, ALL)) {
                    double[] t = tallies.computeIfAbsent(key, c -> new HashMap<>()).computeIfAbsent(e.getKey(), m -> new double[2]);
                    t[0] += e.getValue().score();
                    t[1] += 1;
                }
            }
        }
        Map<String, List<String>> r = new HashMap<>();
        tallies.forEach((cat, perModel) -> {
            List<String> models = new ArrayList<>(new TreeSet<>(perModel.keySet()));
            models.sort(Comparator.comparingDouble((String m) -> -accuracy(perModel.get(m))).thenComparing(m -> m));
            r.put(cat, List.copyOf(models));
        });
        this.ranked = Map.copyOf(r);
    }

    private static double accuracy(double[] t) {
        return (t[0] + 1) / (t[1] + 2);
    }

    @Override
    public List<String> apply(RecordedQuestion q) {
        List<String> models = ranked.getOrDefault(q.category() == null ? ALL : q.category(), ranked.get(ALL));
        return models.subList(0, Math.min(k, models.size()));
    }
}
