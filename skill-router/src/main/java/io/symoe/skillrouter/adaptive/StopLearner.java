package io.symoe.skillrouter.adaptive;

import io.symoe.skillrouter.recruit.SequentialStop;
import io.symoe.skillrouter.recruit.StopPolicy;
import io.symoe.skillrouter.recruit.StopRule;

import java.util.List;
import java.util.Locale;

/**
 * Learns the sequential rule on training traces in two steps. Calibration: β, the factor on the vote weights, is
 * the one of {@link #SCALES} that maximises the likelihood of the gold answers under the posterior after every
 * prefix of every trace (the experts err together, so raw weights are over-confident when they agree). Threshold:
 * of {@link #THRESHOLDS}, the most accurate on the traces whose mean calls stay within the target, else the
 * cheapest. Both are grid choices on training data only; cross-validation ({@code bench replay --cv}) scores the
 * procedure on held-out folds.
 */
public final class StopLearner {
    /**
     * Dense (0.01 apart) from 0.1 to 0.5, where calibrated posteriors sit and a small step moves many questions
     * between one call and two; 0.05 apart above.
     */
    public static final List<Double> THRESHOLDS = thresholds();
    public static final List<Double> SCALES = List.of(0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.85, 1.0, 1.2, 1.5, 2.0);

    /**
     * Worth of a right answer in calls for the expected-gain rule: it calls on while gain ≥ 1/value (one or two
     * experts ahead), so 1000 asks for a 0.1-point expected gain per call.
     */
    public static final List<Double> VALUES = List.of(5.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0,
            100.0, 120.0, 150.0, 200.0, 300.0, 500.0, 1000.0, 3000.0);

    /** The learned rule and how it did on its training traces. */
    public record Learned(StopPolicy.Kind kind, double knob, double scale, double callsMean, double accuracy,
                          int questions, double targetCalls) {
        /** The learned threshold rule's threshold (NaN for an expected-gain rule). */
        public double threshold() {
            return kind == StopPolicy.Kind.THRESHOLD ? knob : Double.NaN;
        }

        public StopPolicy policy(String trainedOn) {
            return new StopPolicy(kind, knob, scale, StopPolicy.Source.LEARNED, String.format(Locale.ROOT,
                    "learned on %d %s for at most %.2f calls per question (there: %.2f calls, %.2f %% right)",
                    questions, trainedOn, targetCalls, callsMean, accuracy));
        }

        public StopRule rule(int maxExperts) {
            return policy("").stop(maxExperts);
        }
    }

    private StopLearner() {}

    private static List<Double> thresholds() {
        List<Double> t = new java.util.ArrayList<>();
        for (int i = 10; i <= 50; i++) {
            t.add(i / 100.0);
        }
        for (int i = 55; i <= 95; i += 5) {
            t.add(i / 100.0);
        }
        t.add(0.99);
        return List.copyOf(t);
    }

    /** The default target: 0.6 of a fixed team's calls, issue 17's goal for adaptive k. */
    public static double defaultTargetCalls(int k) {
        return 0.6 * k;
    }

    /**
     * The more accurate of the two rule families within {@code targetCalls} on the traces (the threshold rule on a
     * tie), both with the calibration fitted on the same traces.
     */
    public static Learned learn(List<StopTrace> traces, double targetCalls, int maxExperts) {
        double scale = calibrate(traces);
        Learned threshold = learn(traces, targetCalls, maxExperts, scale);
        Learned gain = learnGain(traces, targetCalls, maxExperts, scale);
        boolean gainFits = gain.callsMean() <= targetCalls;
        boolean thresholdFits = threshold.callsMean() <= targetCalls;
        if (gainFits && (!thresholdFits || gain.accuracy() > threshold.accuracy())) {
            return gain;
        }
        return thresholdFits || !gainFits && threshold.callsMean() <= gain.callsMean() ? threshold : gain;
    }

    /** The threshold rule for a given calibration. */
    public static Learned learn(List<StopTrace> traces, double targetCalls, int maxExperts, double scale) {
        return choose(traces, targetCalls, StopPolicy.Kind.THRESHOLD, THRESHOLDS, maxExperts, scale);
    }

    /** The expected-gain rule (every call priced 1) for a given calibration. */
    public static Learned learnGain(List<StopTrace> traces, double targetCalls, int maxExperts, double scale) {
        return choose(traces, targetCalls, StopPolicy.Kind.EXPECTED_GAIN, VALUES, maxExperts, scale);
    }

    /** Of {@code knobs}, the most accurate on the traces within {@code targetCalls}, else the cheapest. */
    private static Learned choose(List<StopTrace> traces, double targetCalls, StopPolicy.Kind kind,
                                  List<Double> knobs, int maxExperts, double scale) {
        if (traces.isEmpty()) {
            throw new IllegalArgumentException("no training questions to learn the stopping rule from");
        }
        if (!(targetCalls >= 1)) {
            throw new IllegalArgumentException("target calls must be >= 1 (a question needs one answer), got "
                    + targetCalls);
        }
        Learned best = null;
        Learned cheapest = null;
        for (double knob : knobs) {
            Learned probe = new Learned(kind, knob, scale, 0, 0, traces.size(), targetCalls);
            double[] s = score(traces, probe.rule(maxExperts));
            Learned here = new Learned(kind, knob, scale, s[1], s[0], traces.size(), targetCalls);
            if (s[1] <= targetCalls && (best == null || s[0] > best.accuracy())) {
                best = here;
            }
            if (cheapest == null || s[1] < cheapest.callsMean()) {
                cheapest = here;
            }
        }
        return best != null ? best : cheapest;
    }

    /** The {@link #SCALES} value under which the gold answers are most likely, over every prefix of every trace. */
    public static double calibrate(List<StopTrace> traces) {
        double best = 1;
        double bestLl = Double.NEGATIVE_INFINITY;
        for (double b : SCALES) {
            double ll = 0;
            for (StopTrace t : traces) {
                for (int n = 1; n <= t.votes().size(); n++) {
                    ll += t.logLikelihood(n, b);
                }
            }
            if (ll > bestLl) {
                bestLl = ll;
                best = b;
            }
        }
        return best;
    }

    /** {accuracy %, mean calls} of {@code rule} replayed on the traces. */
    public static double[] score(List<StopTrace> traces, StopRule rule) {
        int right = 0;
        long calls = 0;
        for (StopTrace t : traces) {
            StopTrace.Outcome o = t.replay(rule);
            right += o.right() ? 1 : 0;
            calls += o.calls();
        }
        return new double[] {100.0 * right / traces.size(), (double) calls / traces.size()};
    }
}
