package io.symoe.modelpool.simulation;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What one simulated run measured.
 *
 * @param loads          model loads performed
 * @param waits          per request: seconds from arrival until its generation started (queueing + loads ahead)
 * @param makespanSeconds time when the last request finished
 * @param servedOrder    request ids in the order they were served (each exactly once)
 */
public record SimulationResult(int loads, Map<String, Double> waits, double makespanSeconds, List<String> servedOrder) {
    public SimulationResult {
        waits = Map.copyOf(waits);
        servedOrder = List.copyOf(servedOrder);
    }

    public double waitPercentile(double p) {
        return percentile(waits.values().stream().mapToDouble(Double::doubleValue).toArray(), p);
    }

    /** Nearest-rank percentile, p in [0, 100]; NaN when empty. */
    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
