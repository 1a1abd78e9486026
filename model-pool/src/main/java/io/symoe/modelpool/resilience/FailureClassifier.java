package io.symoe.modelpool.resilience;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.symoe.core.generation.GenerationException;
import io.symoe.core.generation.GenerationException.Kind;
import io.symoe.modelpool.backend.RateLimitedException;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Which failures are worth another attempt, which count against a backend's health, and how they read once the
 * resilience layer gives up. One place, so the retry and the breaker agree.
 */
final class FailureClassifier {
    private FailureClassifier() {}

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static boolean timedOut(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Idempotent failures: connection errors, 5xx, 429 and our own bulkhead/rate-limiter rejections. Not retried:
     * context-length, not-found and other permanent errors, time-outs (a slow generation repeated is twice as
     * slow) and an open breaker (fail fast is its purpose).
     */
    static boolean retryable(Throwable raw) {
        Throwable t = unwrap(raw);
        if (t instanceof BulkheadFullException || t instanceof RequestNotPermitted) {
            return true;
        }
        if (t instanceof GenerationException g) {
            return g.retryable() && !timedOut(g);
        }
        return t instanceof java.net.ConnectException;
    }

    /** Failures that say the backend is unhealthy: transient ones and time-outs, not the caller's mistakes. */
    static boolean countsAgainstHealth(Throwable raw) {
        Throwable t = unwrap(raw);
        if (t instanceof TimeoutException) {
            return true;
        }
        return t instanceof GenerationException g && g.kind() == Kind.TRANSIENT;
    }

    static Optional<Duration> retryAfter(Throwable raw) {
        return unwrap(raw) instanceof RateLimitedException r ? r.retryAfter() : Optional.empty();
    }

    /** What the caller sees: always a {@link GenerationException} naming the model and backend. */
    static GenerationException toGenerationException(String backendId, String modelId, Throwable raw) {
        Throwable t = unwrap(raw);
        return switch (t) {
            case GenerationException g -> g;
            case TimeoutException e -> new GenerationException(Kind.TRANSIENT, modelId,
                    "backend " + backendId + " timed out serving " + modelId, e);
            // Unavailable for now, not broken for good: the breaker half-opens and tries again later.
            case CallNotPermittedException e -> new GenerationException(Kind.TRANSIENT, modelId,
                    "circuit breaker of backend " + backendId + " is open: " + e.getMessage(), e);
            case BulkheadFullException e -> new GenerationException(Kind.TRANSIENT, modelId,
                    "backend " + backendId + " is at max concurrency", e);
            case RequestNotPermitted e -> new GenerationException(Kind.RATE_LIMITED, modelId,
                    "backend " + backendId + " rate limit reached", e);
            default -> new GenerationException(Kind.PERMANENT, modelId,
                    "backend " + backendId + " failed serving " + modelId + ": " + t, t);
        };
    }
}
