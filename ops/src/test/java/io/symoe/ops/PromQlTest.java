package io.symoe.ops;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The metric-name finder the dashboard and alert tests rely on: if it found nothing, they would check nothing. */
class PromQlTest {
    @Test
    void findsMetricsAndSkipsFunctionsLabelsRangesAndNumbers() {
        assertEquals(Set.of("foo_bucket", "bar", "baz_total"), PromQl.metricNames(
                "histogram_quantile(0.95, sum by (le, stage) (rate(foo_bucket{a=\"b\",instance=~\"$instance\"}"
                        + "[$__rate_interval]))) / clamp_min(bar, 1e-9) > 0.5 and on (instance) baz_total offset 5m"));
        assertEquals(Set.of("up"), PromQl.metricNames("up{job=\"symoe\"} == 0"));
        assertEquals(Set.of("a", "b"), PromQl.metricNames("a > b and b > 0"));
    }

    @Test
    void findsStageSelectorsInPromQlAndInJsonEscapedPromQl() {
        assertEquals(Set.of("total", "route"), KnownMetrics.stagesSelected(
                "rate(x{stage=\"total\"}[5m]) + y{stage=\\\"route\\\"}"));
    }

    @Test
    void refusesUnbalancedBrackets() {
        assertThrows(AssertionError.class, () -> PromQl.metricNames("sum(rate(x[5m])"));
        assertThrows(AssertionError.class, () -> PromQl.metricNames("x{a=\"b\"]"));
    }
}
