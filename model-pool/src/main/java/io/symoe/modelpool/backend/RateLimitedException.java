package io.symoe.modelpool.backend;

import io.symoe.core.generation.GenerationException;

import java.time.Duration;
import java.util.Optional;

/** A 429 answer, carrying the server's {@code Retry-After} so the retry waits exactly that long. */
public final class RateLimitedException extends GenerationException {
    private static final long serialVersionUID = 1L;
    private final transient Duration retryAfter;

    public RateLimitedException(String modelId, String message, Duration retryAfter) {
        super(Kind.RATE_LIMITED, modelId, message);
        this.retryAfter = retryAfter;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
