package io.symoe.orchestrator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * symoe's own meters on one Prometheus registry, which Vert.x's HTTP/event-bus metrics share. Names follow
 * Prometheus conventions ({@code symoe_stage_seconds}, {@code symoe_aggregator_skipped_total}); the Grafana
 * dashboard under ops/ reads exactly these.
 */
public final class SymoeMetrics {
    public static final String STAGE = "symoe.stage";
    public static final String REQUESTS = "symoe.requests";
    public static final String AGGREGATOR_CALLS = "symoe.aggregator.calls";
    public static final String AGGREGATOR_SKIPPED = "symoe.aggregator.skipped";
    public static final String REROUTED = "symoe.experts.rerouted";

    private final PrometheusMeterRegistry registry;

    public SymoeMetrics() {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public PrometheusMeterRegistry prometheus() {
        return registry;
    }

    /** Time spent in one pipeline stage (profile, recruit, dispatch, aggregate, total). */
    public void stage(String stage, Duration d) {
        Timer.builder(STAGE).tag("stage", stage).publishPercentileHistogram()
                .register(registry).record(d.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** One finished API request: surface (chat, batch, eventbus), model kind (ensemble, passthrough) and outcome. */
    public void request(String surface, String kind, String outcome) {
        Counter.builder(REQUESTS).tag("surface", surface).tag("kind", kind).tag("outcome", outcome)
                .register(registry).increment();
    }

    public void aggregation(boolean modelCalled) {
        Counter.builder(modelCalled ? AGGREGATOR_CALLS : AGGREGATOR_SKIPPED).register(registry).increment();
    }

    public void rerouted(int count) {
        if (count > 0) {
            Counter.builder(REROUTED).register(registry).increment(count);
        }
    }

    /** The Prometheus text exposition of everything registered. */
    public String scrape() {
        return registry.scrape();
    }
}
