package io.symoe.core.config;

import io.symoe.core.ByteSize;
import io.symoe.core.Checks;

import java.time.Duration;

/**
 * One model of the pool.
 *
 * @param id              the id requests and profiles use
 * @param backend         the id of the backend serving it
 * @param remoteName      the name the backend knows it by, when it differs from {@code id}
 * @param memory          resident footprint counted against the pool's budget
 * @param loadTime        initial estimate of its load time (refined by measurement)
 * @param maxContext      context window in tokens
 * @param maxOutputTokens default cap on generated tokens
 * @param costPerMillionTokens price, for cost-aware recruiting (0 = free)
 */
public record ModelConfig(String id, String backend, String remoteName, ByteSize memory, Duration loadTime,
                          Integer maxContext, Integer maxOutputTokens, Double costPerMillionTokens) {
    public ModelConfig {
        Checks.nonBlank(id, "id");
        Checks.nonBlank(backend, "backend");
        remoteName = remoteName == null ? id : Checks.nonBlank(remoteName, "remote-name");
        memory = memory == null ? ByteSize.ZERO : memory;
        loadTime = loadTime == null ? Duration.ZERO : loadTime;
        if (loadTime.isNegative()) {
            throw new IllegalArgumentException("load-time must not be negative");
        }
        maxContext = maxContext == null ? 8192 : Checks.positive(maxContext, "max-context");
        maxOutputTokens = maxOutputTokens == null ? Math.min(2048, maxContext)
                : Checks.positive(maxOutputTokens, "max-output-tokens");
        if (maxOutputTokens > maxContext) {
            throw new IllegalArgumentException("max-output-tokens " + maxOutputTokens + " exceeds max-context " + maxContext);
        }
        costPerMillionTokens = costPerMillionTokens == null ? 0.0
                : Checks.finiteNonNegative(costPerMillionTokens, "cost-per-million-tokens");
    }
}
