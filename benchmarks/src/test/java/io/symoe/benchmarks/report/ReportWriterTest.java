package io.symoe.benchmarks.report;

import io.symoe.benchmarks.cli.ReportCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportWriterTest {

    @Test
    void rendersEverySectionPresent(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("r.json");
        Files.writeString(results, """
                {"runs":[
                  {"router":"topk-vote","k":3,"aggregator":"majority-vote","pool":"small","skills":"category","seeds":1,
                   "n_questions":2099,"accuracy_mean":49.26,"accuracy_std":0,"per_category":{"math":40.1,"law":22.0},
                   "model_calls":6297,"aggregator_calls":0,"model_loads":3},
                  {"router":"symbolic","k":3,"aggregator":"majority-vote","pool":"small","skills":"category","seeds":10,
                   "n_questions":2099,"accuracy_mean":44.85,"accuracy_std":0.6,"per_category":{"math":35.0,"law":20.0},
                   "model_calls":6297,"aggregator_calls":0,"model_loads":9}],
                 "schedule":{"lower_bound_loads":12,"fifo":{"loads":1500,"wait_p50_s":100,"wait_p95_s":300},
                   "online":{"loads":200,"wait_p50_s":90,"wait_p95_s":280},"offline":{"loads":12,"wait_p50_s":500,"wait_p95_s":900}},
                 "cost_sweep":{"points":[{"name":"gpt-4","kind":"single","cost":0.01,"accuracy":95},
                   {"name":"k=1","kind":"symoe","cost":0.001,"accuracy":80},{"name":"k=3","kind":"symoe","cost":0.003,"accuracy":88}]}}
                """);
        Path out = dir.resolve("report");
        int code = new CommandLine(new ReportCommand()).execute(results.toString(), "--out", out.toString());
        assertEquals(0, code);
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("<td>topk-vote</td>"), html);
        assertTrue(html.contains("49.26"));
        for (String png : new String[] {"accuracy.png", "per-category.png", "schedule.png", "quality-vs-cost.png"}) {
            assertTrue(html.contains(png), png);
            BufferedImage img = javax.imageio.ImageIO.read(out.resolve(png).toFile());
            assertTrue(img.getWidth() >= 800, png + " is a real image");
        }
    }

    @Test
    void mergesReplayScheduleAndCostFiles(@TempDir Path dir) throws Exception {
        Path replay = dir.resolve("replay.json");
        Files.writeString(replay, """
                {"runs":[{"router":"topk-vote","k":3,"aggregator":"majority-vote","pool":"small","skills":"category","seeds":1,
                  "n_questions":10,"accuracy_mean":50.0,"accuracy_std":0,"per_category":{},"model_calls":30,
                  "aggregator_calls":0,"model_loads":3}]}""");
        Path schedule = dir.resolve("schedule.json");
        Files.writeString(schedule, """
                {"lower_bound_loads":6,"fifo":{"loads":5757,"wait_p50_s":1,"wait_p95_s":2},
                 "online":{"loads":6,"wait_p50_s":1,"wait_p95_s":2},"offline":{"loads":6,"wait_p50_s":1,"wait_p95_s":2}}""");
        Path cost = dir.resolve("cost.json");
        Files.writeString(cost, """
                {"cost_sweep":{"points":[{"name":"m","kind":"single","cost":0.001,"accuracy":90}]}}""");
        Path out = dir.resolve("r");
        assertEquals(0, new CommandLine(new ReportCommand()).execute(replay.toString(), schedule.toString(),
                cost.toString(), "--out", out.toString()));
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("<td>topk-vote</td>"));
        assertTrue(html.contains("Lower bound on loads: 6"), "the schedule file is recognised by its keys");
        assertTrue(html.contains("quality-vs-cost.png"));
    }

    @Test
    void drawsTheCrossValidatedFrontier(@TempDir Path dir) throws Exception {
        Path cv = dir.resolve("cv.json");
        Files.writeString(cv, """
                {"runs":[],"frontier":[
                  {"router":"best-single","calls_mean":1,"accuracy_mean":45.1,"knob":"k","value":1,"accuracy_std":0.4},
                  {"router":"topk-vote","calls_mean":3,"accuracy_mean":46.9,"knob":"k","value":3,"accuracy_std":0.5},
                  {"router":"topk-vote","calls_mean":2,"accuracy_mean":44.0,"knob":"k","value":2,"accuracy_std":0.5},
                  {"router":"sequential","calls_mean":2.7,"accuracy_mean":48.8,"knob":"threshold","value":0.9},
                  {"router":"oracle","calls_mean":14,"accuracy_mean":65.6,"knob":"k","value":14}]}""");
        Path out = dir.resolve("r");
        assertEquals(0, new CommandLine(new ReportCommand()).execute(cv.toString(), "--out", out.toString()));
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("<td>sequential</td><td>threshold = 0.9</td><td>2.70</td><td>48.80</td>"), html);
        BufferedImage img = javax.imageio.ImageIO.read(out.resolve("frontier.png").toFile());
        assertTrue(img.getWidth() >= 800, "frontier.png is a real image");
    }

    @Test
    void drawsTheCostFrontierWhenPointsHaveAPrice(@TempDir Path dir) throws Exception {
        Path cv = dir.resolve("cv.json");
        Files.writeString(cv, """
                {"runs":[],"frontier":[
                  {"router":"topk-vote","calls_mean":3,"accuracy_mean":46.9,"knob":"k","value":3,"cost_mean":0.001},
                  {"router":"cost-aware-stop","calls_mean":2.5,"accuracy_mean":49.2,"knob":"value_usd","value":0.05,
                   "cost_mean":0.00088},
                  {"router":"cost-aware-stop","calls_mean":1.8,"accuracy_mean":48.5,"knob":"value_usd","value":0.03,
                   "cost_mean":0.00062}]}""");
        Path out = dir.resolve("r");
        assertEquals(0, new CommandLine(new ReportCommand()).execute(cv.toString(), "--out", out.toString()));
        assertTrue(Files.readString(out.resolve("index.html")).contains("frontier-cost.png"));
        BufferedImage img = javax.imageio.ImageIO.read(out.resolve("frontier-cost.png").toFile());
        assertTrue(img.getWidth() >= 800, "frontier-cost.png is a real image");
        // Without prices (the older JSON) there is no $ chart.
        Path plain = dir.resolve("plain.json");
        Files.writeString(plain, """
                {"runs":[],"frontier":[{"router":"topk-vote","calls_mean":3,"accuracy_mean":46.9,"knob":"k","value":3}]}""");
        Path out2 = dir.resolve("r2");
        assertEquals(0, new CommandLine(new ReportCommand()).execute(plain.toString(), "--out", out2.toString()));
        assertTrue(!Files.exists(out2.resolve("frontier-cost.png")));
    }

    @Test
    void badInputIsAClearError(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "[1,2");
        assertEquals(2, new CommandLine(new ReportCommand()).execute(bad.toString(), "--out", dir.resolve("o").toString()));
        assertEquals(2, new CommandLine(new ReportCommand()).execute(dir.resolve("none.json").toString(), "--out", "x"));
    }
}
