package io.symoe.modelpool.resilience;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.symoe.core.config.BackendConfig;
import io.symoe.modelpool.backend.CallPolicy;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * The one place that builds the decorated call of each backend from its {@link BackendConfig}, with Resilience4j:
 * retry (exponential backoff, a 429's Retry-After honoured) around a circuit breaker around a rate limiter (when
 * configured) around a time limiter around a bulkhead (max concurrency) around the call. Each attempt is thus
 * timed and counted by the breaker separately; the retry sees the breaker's verdict.
 *
 * <p>The registries are public so the orchestrator can bind them to Micrometer
 * ({@code TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(...)} etc.); instances are named by backend id.
 */
public final class BackendResilience implements AutoCloseable {
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final CircuitBreakerRegistry circuitBreakers = CircuitBreakerRegistry.ofDefaults();
    private final RetryRegistry retries = RetryRegistry.ofDefaults();
    private final TimeLimiterRegistry timeLimiters = TimeLimiterRegistry.ofDefaults();
    private final BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
    private final RateLimiterRegistry rateLimiters = RateLimiterRegistry.ofDefaults();

    public BackendResilience() {
        this(Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "symoe-resilience");
            t.setDaemon(true);
            return t;
        }), true);
    }

    /** @param scheduler runs retry delays and time limits; never blocked */
    public BackendResilience(ScheduledExecutorService scheduler) {
        this(scheduler, false);
    }

    private BackendResilience(ScheduledExecutorService scheduler, boolean owns) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.ownsScheduler = owns;
    }

    /** Builds (or returns the already built) decorated call of one backend. */
    public CallPolicy policyFor(BackendConfig backend, ResilienceSettings s) {
        String name = backend.id();
        Retry retry = retries.retry(name, RetryConfig.custom()
                .maxAttempts(backend.retries() + 1)
                .retryOnException(FailureClassifier::retryable)
                .intervalBiFunction((attempt, either) -> backoffMillis(s, attempt,
                        either.isLeft() ? either.getLeft() : null))
                .failAfterMaxAttempts(false)
                .build());
        CircuitBreaker breaker = circuitBreakers.circuitBreaker(name, CircuitBreakerConfig.custom()
                .slidingWindowSize(s.breakerWindow())
                .minimumNumberOfCalls(s.breakerMinimumCalls())
                .failureRateThreshold(s.failureRatePercent())
                .waitDurationInOpenState(s.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(Math.max(1, Math.min(3, s.breakerMinimumCalls())))
                .recordException(FailureClassifier::countsAgainstHealth)
                .build());
        TimeLimiter limiter = timeLimiters.timeLimiter(name, TimeLimiterConfig.custom()
                .timeoutDuration(backend.timeout())
                .cancelRunningFuture(true)
                .build());
        // maxWaitDuration 0: a full bulkhead rejects at once (and the retry backs off) instead of blocking the
        // calling thread, which may be a Vert.x event loop.
        Bulkhead bulkhead = bulkheads.bulkhead(name, BulkheadConfig.custom()
                .maxConcurrentCalls(backend.maxConcurrency())
                .maxWaitDuration(Duration.ZERO)
                .build());
        RateLimiter rateLimiter = s.rateLimitPerSecond() > 0 ? rateLimiters.rateLimiter(name, RateLimiterConfig.custom()
                .limitForPeriod((int) Math.max(1, Math.round(s.rateLimitPerSecond())))
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO)
                .build()) : null;

        return new CallPolicy() {
            @Override
            public <T> CompletionStage<T> execute(String modelId, Supplier<CompletionStage<T>> call) {
                Supplier<CompletionStage<T>> decorated = Bulkhead.decorateCompletionStage(bulkhead, call);
                decorated = TimeLimiter.decorateCompletionStage(limiter, scheduler, decorated);
                if (rateLimiter != null) {
                    decorated = RateLimiter.decorateCompletionStage(rateLimiter, decorated);
                }
                decorated = CircuitBreaker.decorateCompletionStage(breaker, decorated);
                decorated = Retry.decorateCompletionStage(retry, scheduler, decorated);
                Supplier<CompletionStage<T>> attempt = decorated;
                CompletionStage<T> started;
                try {
                    started = attempt.get();
                } catch (RuntimeException e) {
                    started = CompletableFuture.failedFuture(e);
                }
                return started.exceptionallyCompose(t -> CompletableFuture.failedFuture(
                        FailureClassifier.toGenerationException(name, modelId, t)));
            }
        };
    }

    /** Exponential backoff, or the server's Retry-After when it sent one; both capped at maxBackoff. */
    static long backoffMillis(ResilienceSettings s, int attempt, Throwable failure) {
        long cap = s.maxBackoff().toMillis();
        if (failure != null) {
            var after = FailureClassifier.retryAfter(failure);
            if (after.isPresent()) {
                return Math.min(cap, after.get().toMillis());
            }
        }
        double exp = s.initialBackoff().toMillis() * Math.pow(s.backoffMultiplier(), Math.max(0, attempt - 1));
        return (long) Math.min(cap, exp);
    }

    public CircuitBreakerRegistry circuitBreakers() {
        return circuitBreakers;
    }

    public RetryRegistry retries() {
        return retries;
    }

    public TimeLimiterRegistry timeLimiters() {
        return timeLimiters;
    }

    public BulkheadRegistry bulkheads() {
        return bulkheads;
    }

    public RateLimiterRegistry rateLimiters() {
        return rateLimiters;
    }

    /**
     * Publishes breaker state and calls, retry counts, bulkhead, time limiter and rate limiter metrics (the
     * standard {@code resilience4j.*} meters, tagged by backend id) to {@code registry}. Call once.
     */
    public void bindTo(io.micrometer.core.instrument.MeterRegistry registry) {
        io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(circuitBreakers).bindTo(registry);
        io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(registry);
        io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(registry);
        io.github.resilience4j.micrometer.tagged.TaggedTimeLimiterMetrics.ofTimeLimiterRegistry(timeLimiters).bindTo(registry);
        io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics.ofRateLimiterRegistry(rateLimiters).bindTo(registry);
    }

    /** The breaker state of a backend, for status pages and tests. */
    public CircuitBreaker.State breakerState(String backendId) {
        return circuitBreakers.find(backendId).map(CircuitBreaker::getState)
                .orElseThrow(() -> new IllegalArgumentException("no breaker for backend " + backendId));
    }

    /** Retry counters of a backend. */
    public Retry.Metrics retryMetrics(String backendId) {
        return retries.find(backendId).map(Retry::getMetrics)
                .orElseThrow(() -> new IllegalArgumentException("no retry for backend " + backendId));
    }

    @Override
    public void close() {
        if (ownsScheduler) {
            scheduler.shutdownNow();
        }
    }
}
