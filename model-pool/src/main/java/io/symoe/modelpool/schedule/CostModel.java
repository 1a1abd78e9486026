package io.symoe.modelpool.schedule;

import java.util.Map;

/**
 * What the schedulers know about time costs: seconds to make a model resident and seconds one request occupies
 * it. The real pool answers from running estimates of measured times; the simulation from fixed flags.
 */
public interface CostModel {
    double loadSeconds(String modelId);

    double generateSeconds(String modelId);

    /** The same costs for every model. */
    static CostModel uniform(double loadSeconds, double generateSeconds) {
        if (!(loadSeconds >= 0) || !(generateSeconds >= 0)) {
            throw new IllegalArgumentException("costs must be >= 0, got load " + loadSeconds + ", generate " + generateSeconds);
        }
        return new CostModel() {
            @Override
            public double loadSeconds(String modelId) {
                return loadSeconds;
            }

            @Override
            public double generateSeconds(String modelId) {
                return generateSeconds;
            }
        };
    }

    /** Per-model load times with a default for the rest. */
    static CostModel of(Map<String, Double> loadSeconds, double defaultLoad, double generateSeconds) {
        Map<String, Double> copy = Map.copyOf(loadSeconds);
        return new CostModel() {
            @Override
            public double loadSeconds(String modelId) {
                return copy.getOrDefault(modelId, defaultLoad);
            }

            @Override
            public double generateSeconds(String modelId) {
                return generateSeconds;
            }
        };
    }
}
