package io.symoe.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ops/prometheus/symoe-alerts.yaml: well-formed rules over known series, each linked to a runbook section. */
class AlertRulesTest {
    private final List<JsonNode> rules = rules();

    @Test
    void everyRuleIsComplete() {
        assertFalse(rules.isEmpty());
        Set<String> names = new HashSet<>();
        for (JsonNode r : rules) {
            String name = r.path("alert").asText();
            assertTrue(name.matches("Symoe[A-Za-z]+"), "alert name: " + name);
            assertTrue(names.add(name), "duplicate alert " + name);
            assertTrue(r.path("for").asText().matches("(\\d+(ms|[smhdwy]))+"), name + ": 'for' is a Prometheus duration");
            assertTrue(Set.of("warning", "critical").contains(r.at("/labels/severity").asText()), name + " severity");
            assertFalse(r.at("/annotations/summary").asText().isBlank(), name + " summary");
        }
    }

    @Test
    void expressionsReadOnlyKnownSeries() {
        Set<String> unknown = new TreeSet<>();
        for (JsonNode r : rules) {
            Set<String> names = PromQl.metricNames(r.get("expr").asText());
            assertFalse(names.isEmpty(), r.get("alert") + " reads no metric");
            names.stream().filter(n -> !KnownMetrics.ALL.contains(n)).forEach(n -> unknown.add(r.get("alert") + ": " + n));
        }
        assertTrue(unknown.isEmpty(), "series symoe does not expose: " + unknown);
        Set<String> stages = KnownMetrics.stagesSelected(OpsFiles.read(OpsFiles.ALERT_RULES));
        assertTrue(KnownMetrics.STAGES.containsAll(stages), "stages the pipeline does not record: " + stages);
    }

    @Test
    void theFailuresOperatorsMustHearAboutAreCovered() {
        Set<String> read = new HashSet<>();
        rules.forEach(r -> read.addAll(PromQl.metricNames(r.get("expr").asText())));
        for (String must : List.of("up", "symoe_requests_total", "symoe_model_loads_total", "symoe_model_queue_length",
                "resilience4j_circuitbreaker_state")) {
            assertTrue(read.contains(must), "no alert on " + must);
        }
    }

    @Test
    void everyRunbookLinkLandsOnARunbookSection() {
        Set<String> anchors = MarkdownAnchors.of(OpsFiles.read(OpsFiles.RUNBOOK));
        for (JsonNode r : rules) {
            String link = r.at("/annotations/runbook").asText();
            assertTrue(link.startsWith("ops/RUNBOOK.md#"), r.get("alert") + " links to the runbook: " + link);
            String anchor = link.substring(link.indexOf('#') + 1);
            assertTrue(anchors.contains(anchor), r.get("alert") + ": RUNBOOK.md has no section #" + anchor);
        }
    }

    private static List<JsonNode> rules() {
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(OpsFiles.read(OpsFiles.ALERT_RULES));
            List<JsonNode> out = new ArrayList<>();
            assertTrue(root.path("groups").size() > 0, "a rule file has groups");
            for (JsonNode g : root.get("groups")) {
                assertFalse(g.path("name").asText().isBlank());
                g.get("rules").forEach(out::add);
            }
            assertEquals(out.size(), out.stream().filter(r -> r.has("alert") && r.has("expr")).count(),
                    "only alerting rules here");
            return out;
        } catch (IOException e) {
            throw new AssertionError("invalid YAML in the alert rules: " + e.getMessage(), e);
        }
    }
}
