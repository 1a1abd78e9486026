package io.symoe.aggregator.learned;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the staged rule's threshold on validation traces for a target mean number of calls: of {@link #GRID},
 * the most accurate whose mean calls stay within the target, else the cheapest. A grid choice on data the stage
 * models did not train on, so their P(right) there is what it will be on new questions.
 */
public final class StagedThreshold {
    /** 0.01 apart from 0.05 to 0.99: the P(right) of a leader spreads over the whole range. */
    public static final List<Double> GRID = grid();

    private StagedThreshold() {}

    private static List<Double> grid() {
        List<Double> g = new ArrayList<>();
        for (int i = 5; i <= 99; i++) {
            g.add(i / 100.0);
        }
        return List.copyOf(g);
    }

    /** The chosen threshold and what it did on the validation traces. */
    public record Chosen(double threshold, StagedModel.ThresholdChoice choice) {}

    public static Chosen choose(List<StagedTrace> validation, double targetCalls) {
        if (validation.isEmpty()) {
            throw new IllegalArgumentException("no validation questions to choose the stop threshold on");
        }
        if (!(targetCalls >= 1)) {
            throw new IllegalArgumentException("target calls must be >= 1 (a question needs one answer), got "
                    + targetCalls);
        }
        double best = Double.NaN;
        double[] bestScore = null;
        double cheapest = Double.NaN;
        double[] cheapestScore = null;
        for (double t : GRID) {
            double[] s = StagedTrace.score(validation, t);
            if (s[1] <= targetCalls && (bestScore == null || s[0] > bestScore[0])) {
                best = t;
                bestScore = s;
            }
            if (cheapestScore == null || s[1] < cheapestScore[1]) {
                cheapest = t;
                cheapestScore = s;
            }
        }
        double t = bestScore != null ? best : cheapest;
        double[] s = bestScore != null ? bestScore : cheapestScore;
        return new Chosen(t, new StagedModel.ThresholdChoice(targetCalls, validation.size(), s[1], s[0]));
    }
}
