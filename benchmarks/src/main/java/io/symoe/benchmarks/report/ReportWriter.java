package io.symoe.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders a results file of {@code bench replay} (and, when present, its {@code schedule} and {@code cost_sweep}
 * sections) or of {@code bench engine --vs-llamacpp} as an HTML page with tables and PNG charts.
 *
 * <p>Sections are drawn only when the data for them is present, so a partial results file still gives a page.
 */
public final class ReportWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int W = 900;
    private static final int H = 480;

    private ReportWriter() {}

    /** Writes {@code index.html} and its charts into {@code outDir}; returns the HTML file. */
    public static Path write(Path resultsJson, Path outDir) throws IOException {
        return write(List.of(resultsJson), outDir);
    }

    /**
     * One report from several results files: {@code bench replay} runs (appended in order), {@code bench cost}'s
     * {@code cost_sweep}, {@code bench schedule}'s output (recognised by its {@code lower_bound_loads}), and
     * {@code bench engine --vs-llamacpp} results (one table row per file, see {@link EngineComparison}).
     */
    public static Path write(List<Path> resultsFiles, Path outDir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        com.fasterxml.jackson.databind.node.ObjectNode root = MAPPER.createObjectNode();
        com.fasterxml.jackson.databind.node.ArrayNode allRuns = root.putArray("runs");
        List<EngineComparison> engineRuns = new ArrayList<>();
        for (Path file : resultsFiles) {
            JsonNode part;
            try {
                part = MAPPER.readTree(file.toFile());
            } catch (IOException e) {
                throw new IllegalArgumentException(file + ": not a JSON results file: " + e.getMessage(), e);
            }
            if (part == null || !part.isObject()) {
                throw new IllegalArgumentException(file
                        + ": expected a JSON object (bench replay, cost, schedule or engine --vs-llamacpp output)");
            }
            EngineComparison.from(file, part).ifPresent(engineRuns::add);
            part.path("runs").forEach(allRuns::add);
            if (part.path("frontier").isArray()) {
                root.set("frontier", part.get("frontier"));
            }
            if (part.has("cost_sweep")) {
                root.set("cost_sweep", part.get("cost_sweep"));
            }
            if (part.has("schedule")) {
                root.set("schedule", part.get("schedule"));
            } else if (part.has("lower_bound_loads")) {
                root.set("schedule", part);
            }
        }
        Path resultsJson = resultsFiles.getFirst();
        Files.createDirectories(outDir);
        StringBuilder html = new StringBuilder();
        html.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>symoe benchmark report</title>")
                .append("<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}")
                .append("th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}</style></head><body>")
                .append("<h1>symoe benchmark report</h1><p>Source: ").append(escape(String.join(", ",
                        resultsFiles.stream().map(f -> f.getFileName().toString()).toList())))
                .append("</p>");

        JsonNode runs = root.path("runs");
        if (runs.isArray() && !runs.isEmpty()) {
            html.append("<h2>Accuracy by router</h2>").append(runsTable(runs));
            accuracyChart(runs, outDir.resolve("accuracy.png"));
            html.append("<img src=\"accuracy.png\" alt=\"accuracy per router and k\">");
            if (perCategoryChart(runs, outDir.resolve("per-category.png"))) {
                html.append("<h2>Accuracy per category</h2><img src=\"per-category.png\" alt=\"per-category accuracy\">");
            }
        }
        JsonNode frontier = root.path("frontier");
        if (frontier.isArray() && !frontier.isEmpty()) {
            html.append("<h2>Accuracy vs calls (cross-validated frontier)</h2>").append(frontierTable(frontier));
            frontierChart(frontier, outDir.resolve("frontier.png"));
            html.append("<img src=\"frontier.png\" alt=\"accuracy versus model calls per question\">");
            if (costFrontierChart(frontier, outDir.resolve("frontier-cost.png"))) {
                html.append("<h2>Accuracy vs $ per question (cross-validated frontier)</h2>")
                        .append("<img src=\"frontier-cost.png\" alt=\"accuracy versus cost per question\">");
            }
        }
        JsonNode schedule = root.path("schedule");
        if (schedule.isObject()) {
            html.append("<h2>Scheduling: loads vs waits</h2>").append(scheduleTable(schedule));
            scheduleChart(schedule, outDir.resolve("schedule.png"));
            html.append("<img src=\"schedule.png\" alt=\"loads vs waits\">");
        }
        JsonNode cost = root.path("cost_sweep");
        if (cost.isObject() && cost.path("points").isArray()) {
            html.append("<h2>Quality vs cost</h2>");
            costChart(cost, outDir.resolve("quality-vs-cost.png"));
            html.append("<img src=\"quality-vs-cost.png\" alt=\"quality vs cost\">");
        }
        if (!engineRuns.isEmpty()) {
            html.append(EngineComparisonSection.write(engineRuns, outDir));
        }
        html.append("</body></html>\n");
        Path index = outDir.resolve("index.html");
        Files.writeString(index, html, StandardCharsets.UTF_8);
        return index;
    }

    private static String runsTable(JsonNode runs) {
        StringBuilder t = new StringBuilder("<table><tr><th>router</th><th>k</th><th>aggregator</th><th>pool</th>")
                .append("<th>skills</th><th>seeds</th><th>questions</th><th>accuracy %</th><th>± std</th>")
                .append("<th>model calls</th><th>aggregator calls</th><th>model loads</th></tr>");
        for (JsonNode r : runs) {
            t.append("<tr><td>").append(escape(r.path("router").asText())).append("</td><td>")
                    .append(r.path("k").asText()).append("</td><td>").append(escape(r.path("aggregator").asText()))
                    .append("</td><td>").append(escape(r.path("pool").asText())).append("</td><td>")
                    .append(escape(r.path("skills").asText())).append("</td><td>").append(r.path("seeds").asText())
                    .append("</td><td>").append(r.path("n_questions").asText()).append("</td><td>")
                    .append(fmt(r.path("accuracy_mean").asDouble())).append("</td><td>")
                    .append(fmt(r.path("accuracy_std").asDouble())).append("</td><td>")
                    .append(r.path("model_calls").asText()).append("</td><td>")
                    .append(r.path("aggregator_calls").asText()).append("</td><td>")
                    .append(r.path("model_loads").asText()).append("</td></tr>");
        }
        return t.append("</table>").toString();
    }

    private static String label(JsonNode r) {
        return r.path("router").asText() + " k=" + r.path("k").asText() + " (" + r.path("pool").asText() + ")";
    }

    private static void accuracyChart(JsonNode runs, Path png) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(W).height(H).title("Accuracy per router")
                .xAxisTitle("router, k, pool").yAxisTitle("accuracy %").build();
        chart.getStyler().setXAxisLabelRotation(30);
        chart.getStyler().setErrorBarsColor(java.awt.Color.BLACK);
        chart.getStyler().setLegendVisible(false);
        List<String> names = new ArrayList<>();
        List<Double> means = new ArrayList<>();
        List<Double> stds = new ArrayList<>();
        for (JsonNode r : runs) {
            names.add(label(r));
            means.add(r.path("accuracy_mean").asDouble());
            stds.add(r.path("accuracy_std").asDouble());
        }
        chart.addSeries("accuracy", names, means, stds);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static boolean perCategoryChart(JsonNode runs, Path png) throws IOException {
        Set<String> categories = new LinkedHashSet<>();
        for (JsonNode r : runs) {
            r.path("per_category").fieldNames().forEachRemaining(categories::add);
        }
        if (categories.isEmpty()) {
            return false;
        }
        List<String> cats = new ArrayList<>(categories);
        CategoryChart chart = new CategoryChartBuilder().width(W).height(H + 120).title("Accuracy per category")
                .xAxisTitle("category").yAxisTitle("accuracy %").build();
        chart.getStyler().setXAxisLabelRotation(45);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (JsonNode r : runs) {
            List<Double> values = new ArrayList<>();
            for (String c : cats) {
                values.add(r.path("per_category").path(c).asDouble(0));
            }
            String name = label(r);
            int n = seen.merge(name, 1, Integer::sum);
            chart.addSeries(n == 1 ? name : name + " #" + n, cats, values);
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        return true;
    }

    private static String frontierTable(JsonNode frontier) {
        StringBuilder t = new StringBuilder("<table><tr><th>router</th><th>knob</th><th>calls/q</th>")
                .append("<th>accuracy %</th><th>± std</th></tr>");
        for (JsonNode p : frontier) {
            t.append("<tr><td>").append(escape(p.path("router").asText())).append("</td><td>")
                    .append(escape(p.path("knob").asText("")))
                    .append(p.has("value") ? " = " + p.path("value").asText() : "").append("</td><td>")
                    .append(fmt(p.path("calls_mean").asDouble())).append("</td><td>")
                    .append(fmt(p.path("accuracy_mean").asDouble())).append("</td><td>")
                    .append(fmt(p.path("accuracy_std").asDouble())).append("</td></tr>");
        }
        return t.append("</table>").toString();
    }

    /** One curve per router over its cost knob; a router with a single point (best-single, oracle) is a marker. */
    private static void frontierChart(JsonNode frontier, Path png) throws IOException {
        frontierChart(frontier, png, "calls_mean", "Accuracy vs model calls (held-out folds)",
                "model calls per question", point -> true);
    }

    /**
     * The same curves over $ per question ({@code cost_mean}), when the points have it. The whole-pool oracle is left
     * out: its price (every model) would squeeze every other curve into the left edge.
     *
     * @return whether a chart was drawn
     */
    private static boolean costFrontierChart(JsonNode frontier, Path png) throws IOException {
        return frontierChart(frontier, png, "cost_mean", "Accuracy vs $ per question (held-out folds)",
                "USD per question", point -> point.has("cost_mean") && !point.path("router").asText().equals("oracle"));
    }

    /** The frontier's points that {@code drawn} accepts, {@code xField} against accuracy, one series per router. */
    private static boolean frontierChart(JsonNode frontier, Path png, String xField, String title, String xTitle,
                                         java.util.function.Predicate<JsonNode> drawn) throws IOException {
        XYChart chart = new XYChartBuilder().width(W).height(H).title(title)
                .xAxisTitle(xTitle).yAxisTitle("accuracy %").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(8);
        Map<String, List<double[]>> byRouter = new LinkedHashMap<>();
        for (JsonNode p : frontier) {
            if (drawn.test(p)) {
                byRouter.computeIfAbsent(p.path("router").asText(), r -> new ArrayList<>())
                        .add(new double[] {p.path(xField).asDouble(), p.path("accuracy_mean").asDouble()});
            }
        }
        if (byRouter.isEmpty()) {
            return false;
        }
        byRouter.forEach((name, pts) -> {
            pts.sort((x, y) -> Double.compare(x[0], y[0]));
            XYSeries s = chart.addSeries(name, pts.stream().mapToDouble(q -> q[0]).toArray(),
                    pts.stream().mapToDouble(q -> q[1]).toArray());
            if (pts.size() == 1) {
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                s.setMarker(SeriesMarkers.DIAMOND);
            }
        });
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        return true;
    }

    private static String scheduleTable(JsonNode s) {
        StringBuilder t = new StringBuilder("<p>Lower bound on loads: ").append(s.path("lower_bound_loads").asText())
                .append("</p><table><tr><th>scheduler</th><th>loads</th><th>wait p50 (s)</th><th>wait p95 (s)</th></tr>");
        for (String name : List.of("fifo", "online", "offline")) {
            JsonNode n = s.path(name);
            if (n.isObject()) {
                t.append("<tr><td>").append(name).append("</td><td>").append(n.path("loads").asText())
                        .append("</td><td>").append(fmt(n.path("wait_p50_s").asDouble())).append("</td><td>")
                        .append(fmt(n.path("wait_p95_s").asDouble())).append("</td></tr>");
            }
        }
        return t.append("</table>").toString();
    }

    private static void scheduleChart(JsonNode s, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(W).height(H).title("Model loads vs p95 wait")
                .xAxisTitle("model loads").yAxisTitle("p95 wait (s)").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(12);
        for (String name : List.of("fifo", "online", "offline")) {
            JsonNode n = s.path(name);
            if (n.isObject()) {
                chart.addSeries(name, new double[] {n.path("loads").asDouble()},
                        new double[] {n.path("wait_p95_s").asDouble()});
            }
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Points {@code {name, kind: single|baseline|symoe, cost, accuracy}}; symoe points are drawn as a curve. */
    private static void costChart(JsonNode cost, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(W).height(H).title("Quality vs cost")
                .xAxisTitle("cost per question (USD)").yAxisTitle("accuracy %").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(9);
        Map<String, List<double[]>> byKind = new LinkedHashMap<>();
        for (Iterator<JsonNode> it = cost.path("points").elements(); it.hasNext(); ) {
            JsonNode p = it.next();
            String kind = p.path("kind").asText("single");
            String key = kind.equals("single") ? "single: " + p.path("name").asText() : kind;
            byKind.computeIfAbsent(key, k -> new ArrayList<>())
                    .add(new double[] {p.path("cost").asDouble(), p.path("accuracy").asDouble()});
        }
        byKind.forEach((name, pts) -> {
            pts.sort((a, b) -> Double.compare(a[0], b[0]));
            double[] x = pts.stream().mapToDouble(p -> p[0]).toArray();
            double[] y = pts.stream().mapToDouble(p -> p[1]).toArray();
            XYSeries s = chart.addSeries(name, x, y);
            if (name.startsWith("single: ")) {
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            } else {
                s.setMarker(SeriesMarkers.DIAMOND);
            }
        });
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
