package io.symoe.skillrouter.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The vote the routing evaluation applies to recorded predictions: weights summed per answer; missing
 * predictions (the harness extracted none) abstain; ties go to the answer of the earliest (best-ranked) expert.
 */
public final class MajorityVote {
    private MajorityVote() {
    }

    /** The winning answer, or null when every expert abstained. */
    public static String decide(List<String> predictions, List<Double> weights) {
        if (predictions.size() != weights.size()) {
            throw new IllegalArgumentException(predictions.size() + " predictions but " + weights.size() + " weights");
        }
        Map<String, Double> tally = new LinkedHashMap<>(); // insertion order = first-voter order, for ties
        for (int i = 0; i < predictions.size(); i++) {
            String p = predictions.get(i);
            if (p != null && !p.isBlank()) {
                tally.merge(p, weights.get(i), Double::sum);
            }
        }
        String best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (var e : tally.entrySet()) {
            if (e.getValue() > bestScore) {
                best = e.getKey();
                bestScore = e.getValue();
            }
        }
        return best;
    }

    public static String plain(List<String> predictions) {
        return decide(predictions, predictions.stream().map(p -> 1.0).toList());
    }
}
