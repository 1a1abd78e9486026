package io.symoe.benchmarks.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.symoe.benchmarks.cli.ReplayBenchCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command end to end on recordings it writes itself, checking the JSON contract field by field. */
public class ReplayBenchCommandTest {

    /** Three models over 40 questions in two categories: "good" right on all, "half" on even ids, "bad" on none. */
    public static Path recordings(Path dir) throws Exception {
        Files.createDirectories(dir);
        for (String model : List.of("good", "half", "bad")) {
            StringBuilder json = new StringBuilder("[");
            for (int q = 0; q < 40; q++) {
                boolean right = model.equals("good") || model.equals("half") && q % 2 == 0;
                String pred = right ? "A" : "B";
                json.append(q == 0 ? "" : ",").append("{\"question_id\":").append(q)
                        .append(",\"question\":\"Question number ").append(q).append(" about ")
                        .append(q % 2 == 0 ? "chemistry" : "law").append("?\",\"options\":[\"a\",\"b\",\"c\",\"d\"],")
                        .append("\"answer\":\"A\",\"answer_index\":0,\"category\":\"")
                        .append(q % 2 == 0 ? "chemistry" : "law").append("\",\"src\":\"t\",\"pred\":\"").append(pred)
                        .append("\",\"generated_text\":\"The answer is (").append(pred).append(")\"}");
            }
            json.append("]");
            try (OutputStream out = Files.newOutputStream(dir.resolve("model_outputs_" + model + "_5shots.zip"));
                 ZipOutputStream z = new ZipOutputStream(out)) {
                z.putNextEntry(new ZipEntry("x.json"));
                z.write(json.toString().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return dir;
    }

    /** The default router on the distilled static embedder's neighbours: it finds the model right on everything. */
    @Test
    void defaultRouterRunsOnTheStaticEmbedder(@TempDir Path dir) throws Exception {
        Path rec = recordings(dir.resolve("rec"));
        Path out = dir.resolve("s.json");
        int code = new CommandLine(new ReplayBenchCommand()).execute("--outputs", rec.toString(), "--pool", "good,half,bad",
                "--router", "default", "--embedder", "static", "--profile-fraction", "0.5", "--k", "1", "--seeds", "1",
                "--json", out.toString());
        assertEquals(0, code);
        JsonNode run = new ObjectMapper().readTree(out.toFile()).get("runs").get(0);
        assertEquals(20, run.get("n_questions").asInt());
        assertEquals(100.0, run.get("accuracy_mean").asDouble(), 1e-9);
    }

    @Test
    void writesTheJsonContract(@TempDir Path dir) throws Exception {
        Path rec = recordings(dir.resolve("rec"));
        Path out = dir.resolve("r.json");
        int code = new CommandLine(new ReplayBenchCommand()).execute("--outputs", rec.toString(), "--pool", "good,half,bad",
                "--router", "best-single,topk-vote,random,oracle,symbolic,top-k", "--profile-fraction", "0.5",
                "--k", "3", "--seeds", "3", "--json", out.toString());
        assertEquals(0, code);
        JsonNode root = new ObjectMapper().readTree(out.toFile());
        JsonNode runs = root.get("runs");
        assertEquals(6, runs.size());
        Set<String> expected = new TreeSet<>(List.of("router", "k", "aggregator", "pool", "skills", "seeds",
                "n_questions", "accuracy_mean", "accuracy_std", "per_category", "model_calls", "aggregator_calls",
                "model_loads"));
        for (JsonNode r : runs) {
            Set<String> fields = new TreeSet<>();
            r.fieldNames().forEachRemaining(fields::add);
            assertEquals(expected, fields);
            assertEquals(20, r.get("n_questions").asInt());
        }
        JsonNode best = runs.get(0);
        assertEquals("best-single", best.get("router").asText());
        assertEquals(100.0, best.get("accuracy_mean").asDouble(), 1e-9, "the profile split finds the good model");
        assertEquals(20.0, best.get("model_calls").asDouble());
        assertEquals(3, runs.get(2).get("seeds").asInt(), "random runs every seed");
        assertEquals(1, runs.get(0).get("seeds").asInt(), "deterministic routers run once");
        assertEquals(100.0, runs.get(3).get("accuracy_mean").asDouble(), 1e-9);
        assertTrue(runs.get(0).get("per_category").has("chemistry"));
        assertEquals(0.0, runs.get(0).get("aggregator_calls").asDouble());
    }

    @Test
    void badArgumentsAreClearErrors(@TempDir Path dir) throws Exception {
        Path rec = recordings(dir.resolve("rec"));
        var cmd = new CommandLine(new ReplayBenchCommand());
        assertEquals(2, cmd.execute("--outputs", rec.toString(), "--router", "nope"));
        assertEquals(2, cmd.execute("--outputs", rec.toString(), "--embedder", "bert"));
        assertEquals(2, cmd.execute("--outputs", rec.toString(), "--pool", "good,missing"));
        assertEquals(2, cmd.execute("--outputs", rec.toString(), "--aggregator", "llm-synthesis", "--pool", "good,half,bad"));
        assertEquals(2, cmd.execute("--outputs", rec.toString(), "--split", "symbolic-moe:/x", "--profile-fraction", "0.3"));
        assertEquals(2, cmd.execute("--outputs", dir.resolve("none").toString()));
    }

    @Test
    void defaultVoteIsTheOldDefaultEmbeddingSkillsCompetenceWeightedAndTheVote(@TempDir Path dir) throws Exception {
        Path rec = recordings(dir.resolve("rec"));
        Path out = dir.resolve("r.json");
        assertEquals(0, new CommandLine(new ReplayBenchCommand()).execute("--outputs", rec.toString(), "--pool",
                "good,half,bad", "--skills", "embedding", "--router", "competence-weighted,default-vote",
                "--profile-fraction", "0.5", "--json", out.toString()));
        JsonNode runs = new ObjectMapper().readTree(out.toFile()).get("runs");
        assertEquals("default-vote", runs.get(1).get("router").asText());
        for (String field : List.of("accuracy_mean", "model_calls", "model_loads", "per_category")) {
            assertEquals(runs.get(0).get(field), runs.get(1).get(field), field);
        }
    }

    @Test
    void defaultLearnsFromTheProfileQuestionsWhichExpertToTrust(@TempDir Path dir) throws Exception {
        Path rec = recordings(dir.resolve("rec"));
        Path out = dir.resolve("r.json");
        // Profiles and training on --outputs, scoring on --eval-outputs' questions (here the same recordings).
        assertEquals(0, new CommandLine(new ReplayBenchCommand()).execute("--outputs", rec.toString(),
                "--eval-outputs", rec.toString(), "--pool", "good,half,bad", "--k", "3", "--seeds", "5",
                "--router", "topk-vote,default-vote,default", "--json", out.toString()));
        JsonNode runs = new ObjectMapper().readTree(out.toFile()).get("runs");
        assertEquals(List.of("topk-vote", "default-vote", "default"), runs.findValuesAsText("router"));
        JsonNode vote = runs.get(1);
        JsonNode learned = runs.get(2);
        // The vote of half and bad outweighs good on the odd questions; the stacking model learns to follow good.
        assertEquals(50.0, vote.get("accuracy_mean").asDouble(), 1e-9);
        assertTrue(learned.get("accuracy_mean").asDouble() > 90, "learned: " + learned);
        assertEquals(1, learned.get("seeds").asInt(), "deterministic: --seeds does not apply");
        assertEquals(vote.get("model_calls"), learned.get("model_calls"), "the same experts, called once each");
        // Each row names what it used, not the sweep's --skills category / --aggregator majority-vote defaults.
        assertEquals(List.of("category", "embedding", "embedding"), runs.findValuesAsText("skills"));
        assertEquals(List.of("majority-vote", "majority-vote", "learned"), runs.findValuesAsText("aggregator"));
    }

    /**
     * The external checker's path with the adaptive router: trained on --outputs' questions only, scored on
     * --eval-outputs' questions; its runs row counts the experts it called, within topk-vote's (here "good", called
     * first, is always right, so one call each).
     */
    @Test
    void defaultAdaptiveCallsFewerExpertsWhereTheFirstIsTrusted(@TempDir Path dir) throws Exception {
        Path rec = recordings(dir.resolve("rec"));
        Path out = dir.resolve("r.json");
        assertEquals(0, new CommandLine(new ReplayBenchCommand()).execute("--outputs", rec.toString(),
                "--eval-outputs", rec.toString(), "--pool", "good,half,bad", "--k", "3", "--seeds", "5",
                "--router", "topk-vote,default-adaptive", "--json", out.toString()));
        JsonNode runs = new ObjectMapper().readTree(out.toFile()).get("runs");
        JsonNode topk = runs.get(0);
        JsonNode adaptive = runs.get(1);
        assertEquals("default-adaptive", adaptive.get("router").asText());
        assertEquals(100.0, adaptive.get("accuracy_mean").asDouble(), 1e-9, adaptive.toString());
        assertEquals(topk.get("model_calls").asDouble() / 3, adaptive.get("model_calls").asDouble(), 1e-9,
                adaptive.toString());
        assertEquals("learned", adaptive.get("aggregator").asText());
    }
}
