package io.symoe.core.generation;

import io.symoe.core.Checks;

import java.util.List;
import java.util.OptionalLong;

/**
 * Sampling settings for one batch.
 *
 * @param temperature 0 = greedy
 * @param topP        nucleus mass in (0, 1]
 * @param maxTokens   cap on generated tokens
 * @param seed        a seed for reproducible sampling where the backend supports one
 * @param stop        stop sequences
 */
public record GenerationParams(double temperature, double topP, int maxTokens, OptionalLong seed, List<String> stop) {
    public static final GenerationParams GREEDY = new GenerationParams(0.0, 1.0, 2048, OptionalLong.empty(), List.of());

    public GenerationParams {
        if (!Double.isFinite(temperature) || temperature < 0 || temperature > 5) {
            throw new IllegalArgumentException("temperature must be in [0, 5], got " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        }
        Checks.positive(maxTokens, "maxTokens");
        seed = seed == null ? OptionalLong.empty() : seed;
        stop = Checks.copyOf(stop, "stop");
    }

    public GenerationParams withTemperature(double t) {
        return new GenerationParams(t, topP, maxTokens, seed, stop);
    }

    public GenerationParams withSeed(long s) {
        return new GenerationParams(temperature, topP, maxTokens, OptionalLong.of(s), stop);
    }

    public GenerationParams withMaxTokens(int n) {
        return new GenerationParams(temperature, topP, n, seed, stop);
    }
}
