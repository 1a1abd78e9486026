package io.symoe.ops;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Prometheus series symoe exposes on {@code /metrics}, as the dashboard and the alert rules may use them. One
 * list, so a renamed meter fails every file that still uses the old name. {@link MetricNamesTest} scrapes the
 * real registries for the names whose meters exist in the installed code.
 */
final class KnownMetrics {

    /** Symoe's pipeline and API meters (orchestrator's SymoeMetrics). */
    static final Set<String> PIPELINE = Set.of(
            "symoe_requests_total",
            "symoe_stage_seconds_bucket", "symoe_stage_seconds_count", "symoe_stage_seconds_sum",
            "symoe_stage_seconds_max",
            "symoe_aggregator_calls_total", "symoe_aggregator_skipped_total",
            "symoe_experts_rerouted_total");

    /** The model pool's residency meters. */
    static final Set<String> POOL = Set.of(
            "symoe_model_loads_total", "symoe_model_unloads_total", "symoe_model_restarts_total",
            "symoe_model_load_seconds_bucket", "symoe_model_load_seconds_count", "symoe_model_load_seconds_sum",
            "symoe_model_load_seconds_max",
            "symoe_model_queue_length", "symoe_model_resident",
            "symoe_pool_memory_used_bytes", "symoe_pool_memory_budget_bytes");

    /** Resilience4j's tagged Micrometer meters, bound per backend by model-pool's BackendResilience. */
    static final Set<String> RESILIENCE = Set.of(
            "resilience4j_circuitbreaker_state", "resilience4j_retry_calls_total");

    /**
     * Vert.x's HTTP server meters (vertx-micrometer-metrics). No {@code _bucket}: the service does not turn on
     * histogram publishing for Vert.x's timers, so the dashboard shows the mean from {@code _sum}/{@code _count}.
     */
    static final Set<String> VERTX = Set.of(
            "vertx_http_server_requests_total",
            "vertx_http_server_response_time_seconds_count", "vertx_http_server_response_time_seconds_sum",
            "vertx_http_server_response_time_seconds_max");

    /** The {@code stage} label values of {@code symoe_stage_seconds}; {@link LiveMetricsTest} scrapes them. */
    static final Set<String> STAGES = Set.of("route", "dispatch", "aggregate", "total");

    /** Written by Prometheus itself for every scrape target. */
    static final Set<String> PROMETHEUS = Set.of("up");

    static final Set<String> ALL = union(PIPELINE, POOL, RESILIENCE, VERTX, PROMETHEUS);

    /**
     * What the dashboard must show (the list), each as the series that show it: a topic is covered when
     * one panel uses all of its series.
     */
    static final Map<String, List<String>> REQUIRED_PANEL_TOPICS = Map.of(
            "requests", List.of("symoe_requests_total"),
            "per-stage latency", List.of("symoe_stage_seconds_bucket"),
            "loads", List.of("symoe_model_loads_total"),
            "swap time", List.of("symoe_model_load_seconds_bucket"),
            "queue per model", List.of("symoe_model_queue_length"),
            "breaker states", List.of("resilience4j_circuitbreaker_state"),
            "consensus-skip rate", List.of("symoe_aggregator_skipped_total", "symoe_aggregator_calls_total"));

    private KnownMetrics() {}

    /** Every {@code stage="..."} selector in a PromQL text must name a stage the pipeline records. */
    static Set<String> stagesSelected(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("stage=\\\\?\"(\\w+)\\\\?\"").matcher(text);
        Set<String> out = new java.util.TreeSet<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        java.util.Set<String> all = new java.util.TreeSet<>();
        for (Set<String> s : sets) {
            all.addAll(s);
        }
        return Set.copyOf(all);
    }
}
