package io.symoe.modelpool.resilience;

import io.symoe.core.Checks;

import java.time.Duration;

/**
 * The knobs of the resilience layer that {@code BackendConfig} does not carry (it carries the time limit,
 * max concurrency and retry count).
 *
 * @param initialBackoff       first retry delay; doubled ({@code backoffMultiplier}) per attempt
 * @param backoffMultiplier    exponential backoff factor
 * @param maxBackoff           cap on one retry delay (a 429's Retry-After is honoured up to this too)
 * @param breakerWindow        calls in the breaker's sliding window
 * @param breakerMinimumCalls  calls before the failure rate is judged
 * @param failureRatePercent   failure rate that opens the breaker
 * @param breakerOpenFor       how long it stays open before letting probe calls through
 * @param rateLimitPerSecond   calls per second allowed, or 0 for no rate limiter
 */
public record ResilienceSettings(Duration initialBackoff, double backoffMultiplier, Duration maxBackoff,
                                 int breakerWindow, int breakerMinimumCalls, float failureRatePercent,
                                 Duration breakerOpenFor, double rateLimitPerSecond) {
    public static final ResilienceSettings DEFAULTS = new ResilienceSettings(Duration.ofMillis(500), 2.0,
            Duration.ofSeconds(30), 20, 10, 50f, Duration.ofSeconds(30), 0);

    public ResilienceSettings {
        Checks.nonNull(initialBackoff, "initialBackoff");
        Checks.nonNull(maxBackoff, "maxBackoff");
        Checks.nonNull(breakerOpenFor, "breakerOpenFor");
        if (!(backoffMultiplier >= 1)) {
            throw new IllegalArgumentException("backoffMultiplier must be >= 1, got " + backoffMultiplier);
        }
        Checks.positive(breakerWindow, "breakerWindow");
        Checks.positive(breakerMinimumCalls, "breakerMinimumCalls");
        if (!(failureRatePercent > 0 && failureRatePercent <= 100)) {
            throw new IllegalArgumentException("failureRatePercent must be in (0, 100], got " + failureRatePercent);
        }
        Checks.finiteNonNegative(rateLimitPerSecond, "rateLimitPerSecond");
    }

    public ResilienceSettings withBackoff(Duration initial, Duration max) {
        return new ResilienceSettings(initial, backoffMultiplier, max, breakerWindow, breakerMinimumCalls,
                failureRatePercent, breakerOpenFor, rateLimitPerSecond);
    }

    public ResilienceSettings withBreaker(int window, int minimumCalls, float failureRate, Duration openFor) {
        return new ResilienceSettings(initialBackoff, backoffMultiplier, maxBackoff, window, minimumCalls,
                failureRate, openFor, rateLimitPerSecond);
    }

    public ResilienceSettings withRateLimit(double perSecond) {
        return new ResilienceSettings(initialBackoff, backoffMultiplier, maxBackoff, breakerWindow,
                breakerMinimumCalls, failureRatePercent, breakerOpenFor, perSecond);
    }
}
