package io.symoe.benchmarks.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.symoe.benchmarks.cli.ReplayBenchCommand;
import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.modelpool.recorded.MmluProOutputsReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench replay --cv} on the three-model recordings of {@link ReplayBenchCommandTest}. */
class CrossValidationTest {

    @Test
    void foldsPartitionTheQuestionsAndSpreadEachCategory(@TempDir Path dir) throws Exception {
        var data = MmluProOutputsReader.read(ReplayBenchCommandTest.recordings(dir.resolve("rec")),
                MmluProOutputsReader.Options.OUTCOMES_ONLY);
        List<List<String>> folds = CrossValidation.folds(data.questions(), 4, 7);
        Set<String> seen = new HashSet<>();
        Map<String, String> category = data.questions().stream()
                .collect(Collectors.toMap(RecordedQuestion::id, RecordedQuestion::category));
        for (List<String> f : folds) {
            assertEquals(10, f.size());
            f.forEach(id -> assertTrue(seen.add(id), "question " + id + " in two folds"));
            assertEquals(5, f.stream().filter(id -> category.get(id).equals("law")).count(), "stratified: " + f);
        }
        assertEquals(40, seen.size());
        assertEquals(folds, CrossValidation.folds(data.questions(), 4, 7), "the seed fixes the partition");
    }

    @Test
    void crossValidatedJsonHasRowsSpreadsAndTheFrontier(@TempDir Path dir) throws Exception {
        Path rec = ReplayBenchCommandTest.recordings(dir.resolve("rec"));
        Path out = dir.resolve("cv.json");
        int code = new CommandLine(new ReplayBenchCommand()).execute("--outputs", rec.toString(), "--pool",
                "good,half,bad", "--router", "best-single,topk-vote,oracle", "--cv", "4", "--cv-repeats", "2",
                "--k", "3", "--json", out.toString());
        assertEquals(0, code);
        JsonNode root = new ObjectMapper().readTree(out.toFile());
        assertEquals(3, root.get("runs").size(), "the runs contract keeps one row per requested router");
        JsonNode best = root.get("runs").get(0);
        assertEquals("best-single", best.get("router").asText());
        assertEquals(100.0, best.get("accuracy_mean").asDouble(), 1e-9, "every training split finds the good model");
        assertEquals(40, best.get("n_questions").asInt());
        assertEquals(40.0, best.get("model_calls").asDouble(), 1e-9, "one call per question per repeat");
        assertEquals(8, best.get("seeds").asInt(), "4 folds x 2 repeats");

        JsonNode cv = root.get("cv");
        assertEquals(4, cv.get("folds").asInt());
        assertEquals("category", cv.get("stratified_by").asText());
        JsonNode rows = cv.get("rows");
        assertEquals(List.of("best-single", "topk-vote", "oracle", "sequential-calibrated", "sequential-learned",
                "sequential-learned-at-k", "sequential", "default", "default-adaptive", "default-adaptive-0.6k",
                "default-adaptive-per-stage", "default-adaptive-per-stage-0.6k"), rows.findValuesAsText("router"));
        for (JsonNode r : rows) {
            assertEquals(8, r.get("fold_accuracy").size());
        }
        // topk-vote k=3 votes good (A), half (A on even, B on odd) and bad (B): it loses the odd questions.
        assertEquals(50.0, rows.get(1).get("accuracy_mean").asDouble(), 1e-9);
        assertEquals(0.0, rows.get(1).get("delta_vs_topk_mean").asDouble(), 1e-9);
        assertEquals(50.0, rows.get(0).get("delta_vs_topk_mean").asDouble(), 1e-9);
        JsonNode seq = rows.get(7 - 1); // "sequential", by the order asserted above
        assertTrue(seq.get("calls_mean").asDouble() <= 3.0, "the threshold is chosen within topk-vote's calls");
        assertEquals(8, seq.get("chosen_threshold").size());
        // The stacking model, trained on each fold's training folds, learns that "good" is right where the vote
        // of half and bad is wrong.
        JsonNode learned = rows.get(7); // "default": the learned aggregator, listed though not requested
        assertEquals(3.0, learned.get("calls_mean").asDouble(), 1e-9);
        assertTrue(learned.get("delta_vs_topk_mean").asDouble() > 25, "learned: " + learned);
        // Adaptive k on the learned posterior: "good", called first, is always right, so one call is enough.
        for (int i = 8; i < 12; i++) {
            JsonNode adaptive = rows.get(i);
            assertEquals(100.0, adaptive.get("accuracy_mean").asDouble(), 1e-9, adaptive.toString());
            assertEquals(1.0, adaptive.get("calls_mean").asDouble(), 1e-9, adaptive.toString());
            assertEquals(8, adaptive.get("chosen_threshold").size(), adaptive.toString());
        }

        JsonNode frontier = root.get("frontier");
        Map<String, Integer> points = new java.util.TreeMap<>();
        for (JsonNode p : frontier) {
            points.merge(p.get("router").asText(), 1, Integer::sum);
            assertTrue(p.has("calls_mean") && p.has("accuracy_mean") && p.has("router"));
        }
        assertEquals(1, points.get("best-single"));
        assertEquals(5, points.get("topk-vote"), "k = 2..6 (k = 1 is best-single)");
        assertEquals(6, points.get("default-vote"));
        assertEquals(6, points.get("default"), "k = 1..6, a model trained per team size");
        assertEquals(CrossValidation.THRESHOLDS.size(), points.get("sequential"));
        assertEquals(CrossValidation.STAGED_FRONTIER.size(), points.get("default-adaptive"));
        assertEquals(1, points.get("oracle"));
        assertEquals(1, points.get("team-oracle"));
        assertEquals(io.symoe.skillrouter.adaptive.StopLearner.THRESHOLDS.size(), points.get("sequential-calibrated"));
        assertEquals(AdaptiveCurves.VALUES.size(), points.get("sequential-gain"));
        assertEquals(AdaptiveCurves.VALUES.size(), points.get("cost-aware-stop"));
        // The synthetic models are not in the price table: every call costs 1, so $ per question equals calls.
        for (JsonNode p : frontier) {
            assertEquals(p.get("calls_mean").asDouble(), p.get("cost_mean").asDouble(), 1e-9, p.toString());
        }
        for (JsonNode p : frontier) {
            if (p.get("router").asText().endsWith("oracle")) {
                assertEquals(100.0, p.get("accuracy_mean").asDouble(), 1e-9, "good is always among the three");
                assertEquals(3.0, p.get("calls_mean").asDouble(), 1e-9);
            }
        }
    }

    @Test
    void aRequestedDefaultIsTheLearnedRowOnceWithItsRunsRow(@TempDir Path dir) throws Exception {
        Path rec = ReplayBenchCommandTest.recordings(dir.resolve("rec"));
        Path out = dir.resolve("cv.json");
        assertEquals(0, new CommandLine(new ReplayBenchCommand()).execute("--outputs", rec.toString(), "--pool",
                "good,half,bad", "--router", "topk-vote,default,default-vote", "--cv", "4", "--k", "3", "--json",
                out.toString()));
        JsonNode root = new ObjectMapper().readTree(out.toFile());
        JsonNode runs = root.get("runs");
        assertEquals(List.of("topk-vote", "default", "default-vote"), runs.findValuesAsText("router"));
        List<String> rows = root.get("cv").get("rows").findValuesAsText("router");
        assertEquals(1, rows.stream().filter("default"::equals).count(), "one default row: " + rows);
        JsonNode learned = root.get("cv").get("rows").get(rows.indexOf("default"));
        assertEquals(learned.get("accuracy_mean").asDouble(), runs.get(1).get("accuracy_mean").asDouble(), 1e-9,
                "the runs row is the per-fold learned model's score");
        assertTrue(runs.get(1).get("accuracy_mean").asDouble() > runs.get(2).get("accuracy_mean").asDouble() + 25,
                "learned over the vote of the same experts: " + runs);
        assertEquals(4, runs.get(1).get("seeds").asInt(), "4 folds x 1 repeat");
        assertEquals(2, runs.get(1).get("per_category").size());
    }

    /** A requested default-adaptive is its per-fold staged row, listed once; its runs row counts the experts called. */
    @Test
    void aRequestedDefaultAdaptiveIsItsStagedRowOnce(@TempDir Path dir) throws Exception {
        Path rec = ReplayBenchCommandTest.recordings(dir.resolve("rec"));
        Path out = dir.resolve("cv.json");
        assertEquals(0, new CommandLine(new ReplayBenchCommand()).execute("--outputs", rec.toString(), "--pool",
                "good,half,bad", "--router", "topk-vote,default-adaptive", "--cv", "4", "--k", "3", "--json",
                out.toString()));
        JsonNode root = new ObjectMapper().readTree(out.toFile());
        JsonNode runs = root.get("runs");
        assertEquals(List.of("topk-vote", "default-adaptive"), runs.findValuesAsText("router"));
        List<String> rows = root.get("cv").get("rows").findValuesAsText("router");
        assertEquals(1, rows.stream().filter("default-adaptive"::equals).count(), "one row: " + rows);
        JsonNode row = root.get("cv").get("rows").get(rows.indexOf("default-adaptive"));
        assertEquals(row.get("accuracy_mean").asDouble(), runs.get(1).get("accuracy_mean").asDouble(), 1e-9);
        assertEquals(runs.get(0).get("model_calls").asDouble() / 3, runs.get(1).get("model_calls").asDouble(), 1e-9,
                "one call per question (good is called first and always right), three for topk-vote: " + runs);
        assertEquals(4, runs.get(1).get("seeds").asInt());
    }

    @Test
    void cvRefusesSettingsItWouldIgnore(@TempDir Path dir) throws Exception {
        Path rec = ReplayBenchCommandTest.recordings(dir.resolve("rec"));
        var cmd = new CommandLine(new ReplayBenchCommand());
        assertEquals(2, cmd.execute("--outputs", rec.toString(), "--pool", "good,half,bad", "--cv", "4",
                "--profile-fraction", "0.5"));
        assertEquals(2, cmd.execute("--outputs", rec.toString(), "--pool", "good,half,bad", "--cv", "2"));
    }
}
