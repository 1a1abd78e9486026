package io.symoe.ops;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.symoe.core.BackendKind;
import io.symoe.core.config.BackendConfig;
import io.symoe.modelpool.resilience.BackendResilience;
import io.symoe.modelpool.resilience.ResilienceSettings;
import io.symoe.orchestrator.metrics.SymoeMetrics;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The known series checked against real registries: the meters are registered by the production classes, scraped
 * in Prometheus format, and the names (and the labels the dashboard groups by) must be there.
 */
class MetricNamesTest {

    @Test
    void resilience4jMetersOfABackendAreExposedUnderTheKnownNamesAndLabels() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (BackendResilience resilience = new BackendResilience()) {
            BackendConfig backend = new BackendConfig("ollama", BackendKind.OLLAMA, URI.create("http://127.0.0.1:11434"),
                    null, null, null, null, null);
            resilience.policyFor(backend, ResilienceSettings.DEFAULTS);
            resilience.bindTo(registry);
            String scrape = registry.scrape();
            Set<String> names = seriesNames(scrape);
            assertTrue(names.containsAll(KnownMetrics.RESILIENCE),
                    "missing " + KnownMetrics.RESILIENCE + " in " + names);
            assertTrue(scrape.contains("resilience4j_circuitbreaker_state{name=\"ollama\",state=\"open\"}"),
                    "breaker state per backend name and state, as the dashboard and alert select it");
            assertTrue(Pattern.compile("resilience4j_retry_calls_total\\{kind=\"[a-z_]+\",name=\"ollama\"}")
                    .matcher(scrape).find(), "retries per backend name and kind");
        } finally {
            registry.close();
        }
    }

    @Test
    void symoesPipelineMetersAreExposedUnderTheKnownNames() {
        SymoeMetrics metrics = new SymoeMetrics();
        try {
            metrics.stage("total", Duration.ofMillis(120));
            metrics.request("chat", "ensemble", "ok");
            metrics.aggregation(true);
            metrics.aggregation(false);
            metrics.rerouted(1);
            String scrape = metrics.scrape();
            Set<String> names = seriesNames(scrape);
            assertTrue(names.containsAll(KnownMetrics.PIPELINE), "missing " + KnownMetrics.PIPELINE.stream()
                    .filter(n -> !names.contains(n)).toList() + " in " + names);
            assertTrue(scrape.contains("symoe_stage_seconds_bucket{stage=\"total\","),
                    "per-stage histogram buckets, as the latency panels and alerts select them");
            assertTrue(Pattern.compile("symoe_requests_total\\{kind=\"ensemble\",outcome=\"ok\",surface=\"chat\"}")
                    .matcher(scrape).find(), "requests by surface, kind and outcome");
        } finally {
            metrics.prometheus().close();
        }
    }

    static Set<String> seriesNames(String scrape) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]").matcher(scrape);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
