/**
 * The one place that builds each backend's decorated call with Resilience4j (retry with backoff and Retry-After, circuit breaker, rate limiter, time limiter, bulkhead) and exposes the registries for metrics.
 */
package io.symoe.modelpool.resilience;
