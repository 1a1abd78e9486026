package io.symoe.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ops/grafana/symoe-dashboard.json: valid JSON Grafana imports, reading only series symoe exposes. */
class DashboardTest {
    private final JsonNode dashboard = read();
    private final List<JsonNode> panels = panels();

    @Test
    void isAnImportableDashboardWithUniquePanelsOnTheGrid() {
        assertFalse(dashboard.path("uid").asText().isBlank());
        assertFalse(dashboard.path("title").asText().isBlank());
        assertTrue(dashboard.path("schemaVersion").asInt() > 0);
        Set<Integer> ids = new HashSet<>();
        List<int[]> boxes = new ArrayList<>();
        for (JsonNode p : panels) {
            assertTrue(ids.add(p.get("id").asInt()), "duplicate panel id " + p.get("id"));
            JsonNode g = p.get("gridPos");
            int x = g.get("x").asInt(), y = g.get("y").asInt(), w = g.get("w").asInt(), h = g.get("h").asInt();
            assertTrue(x >= 0 && w > 0 && h > 0 && x + w <= 24, "panel " + p.get("title") + " is off the 24-column grid");
            for (int[] b : boxes) {
                boolean overlap = x < b[0] + b[2] && b[0] < x + w && y < b[1] + b[3] && b[1] < y + h;
                assertFalse(overlap, "panel " + p.get("title") + " overlaps another");
            }
            boxes.add(new int[] {x, y, w, h});
        }
    }

    @Test
    void everyQueryPanelReadsTheSelectedPrometheusDataSource() {
        Set<String> variables = new HashSet<>();
        dashboard.at("/templating/list").forEach(v -> variables.add(v.get("name").asText()));
        assertTrue(variables.contains("datasource"));
        for (JsonNode p : queryPanels()) {
            assertEquals("prometheus", p.at("/datasource/type").asText(), p.get("title").asText());
            assertEquals("${datasource}", p.at("/datasource/uid").asText(), p.get("title").asText());
            assertFalse(p.path("description").asText().isBlank(), "say what the panel means: " + p.get("title"));
            assertTrue(p.get("targets").size() > 0, p.get("title").asText());
        }
    }

    @Test
    void queriesUseOnlyKnownMetricsAndDefinedVariables() {
        Set<String> variables = new HashSet<>(Set.of("__rate_interval", "__interval", "__range"));
        dashboard.at("/templating/list").forEach(v -> variables.add(v.get("name").asText()));
        Set<String> used = new TreeSet<>();
        for (JsonNode p : queryPanels()) {
            for (JsonNode t : p.get("targets")) {
                String expr = t.get("expr").asText();
                Set<String> names = PromQl.metricNames(expr);
                assertFalse(names.isEmpty(), "a query that reads no metric: " + expr);
                used.addAll(names);
                Matcher v = Pattern.compile("\\$\\{?(\\w+)").matcher(expr);
                while (v.find()) {
                    assertTrue(variables.contains(v.group(1)), "undefined variable $" + v.group(1) + " in " + expr);
                }
            }
        }
        for (JsonNode v : dashboard.at("/templating/list")) {
            Matcher m = Pattern.compile("label_values\\((\\w+)").matcher(v.path("definition").asText());
            if (m.find()) {
                used.add(m.group(1));
            }
        }
        Set<String> unknown = new TreeSet<>(used);
        unknown.removeAll(KnownMetrics.ALL);
        assertTrue(unknown.isEmpty(), "series symoe does not expose: " + unknown);
        Set<String> stages = KnownMetrics.stagesSelected(OpsFiles.read(OpsFiles.DASHBOARD));
        assertTrue(KnownMetrics.STAGES.containsAll(stages), "stages the pipeline does not record: " + stages);
    }

    @Test
    void everyRequiredTopicHasAPanel() {
        for (Map.Entry<String, List<String>> topic : KnownMetrics.REQUIRED_PANEL_TOPICS.entrySet()) {
            boolean covered = queryPanels().stream().anyMatch(p -> {
                Set<String> names = new HashSet<>();
                p.get("targets").forEach(t -> names.addAll(PromQl.metricNames(t.get("expr").asText())));
                return names.containsAll(topic.getValue());
            });
            assertTrue(covered, "no panel shows " + topic.getKey() + " (" + topic.getValue() + ")");
        }
    }

    private List<JsonNode> queryPanels() {
        return panels.stream().filter(p -> !p.get("type").asText().equals("row")).toList();
    }

    private List<JsonNode> panels() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : dashboard.get("panels")) {
            out.add(p);
            p.path("panels").forEach(out::add); // panels of collapsed rows
        }
        return out;
    }

    private static JsonNode read() {
        try {
            return new ObjectMapper().readTree(OpsFiles.read(OpsFiles.DASHBOARD));
        } catch (IOException e) {
            throw new AssertionError("the dashboard is not valid JSON: " + e.getMessage(), e);
        }
    }
}
