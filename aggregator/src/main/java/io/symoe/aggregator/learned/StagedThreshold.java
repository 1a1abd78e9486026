package io.symoe.aggregator.learned;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the staged rule's thresholds on validation traces for a target mean number of calls: the most accurate
 * rule whose mean calls stay within the target, else the cheapest (ties: the cheaper). Either one threshold for
 * every stage ({@link #GRID}), or one per stage ({@link #STAGE_GRID}, every combination). Grid choices on data the
 * stage models did not train on, so their P(right) there is what it will be on new questions.
 */
public final class StagedThreshold {
    /** 0.01 apart from 0.05 to 0.99: the P(right) of a leader spreads over the whole range. */
    public static final List<Double> GRID = grid();

    /**
     * Per stage, coarser (every combination of M − 1 stages is tried, so a fine grid would fit the validation
     * questions' noise): 0 stops at that stage always (a cap on the calls), 1.01 never stops there.
     */
    public static final List<Double> STAGE_GRID = List.of(0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.01);

    /** How a rule is chosen: one threshold for all stages, or one per stage. */
    public enum Mode { UNIFORM, PER_STAGE }

    private StagedThreshold() {}

    private static List<Double> grid() {
        List<Double> g = new ArrayList<>();
        for (int i = 5; i <= 99; i++) {
            g.add(i / 100.0);
        }
        return List.copyOf(g);
    }

    /** The chosen thresholds (one per stage but the last) and what they did on the validation traces. */
    public record Chosen(List<Double> thresholds, StagedModel.ThresholdChoice choice) {}

    /** One threshold for every stage. */
    public static Chosen choose(List<StagedTrace> validation, double targetCalls) {
        return choose(validation, targetCalls, Mode.UNIFORM);
    }

    public static Chosen choose(List<StagedTrace> validation, double targetCalls, Mode mode) {
        if (validation.isEmpty()) {
            throw new IllegalArgumentException("no validation questions to choose the stop thresholds on");
        }
        if (!(targetCalls >= 1)) {
            throw new IllegalArgumentException("target calls must be >= 1 (a question needs one answer), got "
                    + targetCalls);
        }
        int rules = validation.stream().mapToInt(t -> t.leaders().size()).max().orElse(1) - 1;
        List<List<Double>> candidates = new ArrayList<>();
        if (mode == Mode.UNIFORM || rules == 0) {
            for (double t : GRID) {
                candidates.add(StagedModel.uniform(t, rules + 1));
            }
        } else {
            combinations(rules, new ArrayList<>(), candidates);
        }
        List<Double> best = null;
        double[] bestScore = null;
        List<Double> cheapest = null;
        double[] cheapestScore = null;
        for (List<Double> t : candidates) {
            double[] s = StagedTrace.score(validation, t);
            if (s[1] <= targetCalls && (bestScore == null || s[0] > bestScore[0]
                    || s[0] == bestScore[0] && s[1] < bestScore[1])) {
                best = t;
                bestScore = s;
            }
            if (cheapestScore == null || s[1] < cheapestScore[1]) {
                cheapest = t;
                cheapestScore = s;
            }
        }
        List<Double> t = bestScore != null ? best : cheapest;
        double[] s = bestScore != null ? bestScore : cheapestScore;
        return new Chosen(t, new StagedModel.ThresholdChoice(targetCalls, validation.size(), s[1], s[0]));
    }

    private static void combinations(int left, List<Double> prefix, List<List<Double>> out) {
        if (left == 0) {
            out.add(List.copyOf(prefix));
            return;
        }
        for (double t : STAGE_GRID) {
            prefix.add(t);
            combinations(left - 1, prefix, out);
            prefix.removeLast();
        }
    }
}
