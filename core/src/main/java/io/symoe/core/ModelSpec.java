package io.symoe.core;

import java.time.Duration;

/**
 * A model of the pool as the router and the scheduler see it.
 *
 * @param id              the id requests use (unique in the pool)
 * @param backend         which kind of backend serves it
 * @param memoryBytes     resident footprint, counted against the pool's memory budget
 * @param loadTime        estimate of the time to make it resident (refined by measurement at run time)
 * @param maxContext      context window in tokens
 * @param maxOutputTokens default cap on generated tokens
 */
public record ModelSpec(String id, BackendKind backend, long memoryBytes, Duration loadTime,
                        int maxContext, int maxOutputTokens) {
    public ModelSpec {
        Checks.nonBlank(id, "model.id");
        Checks.nonNull(backend, "model.backend");
        Checks.nonNegative(memoryBytes, "model.memoryBytes");
        Checks.nonNull(loadTime, "model.loadTime");
        if (loadTime.isNegative()) {
            throw new IllegalArgumentException("model.loadTime must not be negative, got " + loadTime);
        }
        Checks.positive(maxContext, "model.maxContext");
        Checks.positive(maxOutputTokens, "model.maxOutputTokens");
        if (maxOutputTokens > maxContext) {
            throw new IllegalArgumentException("model " + id + ": maxOutputTokens " + maxOutputTokens
                    + " exceeds maxContext " + maxContext);
        }
    }
}
