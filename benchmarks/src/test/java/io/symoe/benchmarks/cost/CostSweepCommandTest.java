package io.symoe.benchmarks.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.symoe.benchmarks.cli.BenchCommand;
import io.symoe.testsupport.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench cost} end to end: the JSON contract, its rendering by {@code bench report}, and the real files. */
class CostSweepCommandTest {

    private static JsonNode run(Path train, Path test, Path json, String... extra) throws Exception {
        String[] args = new String[6 + extra.length];
        String[] base = {"cost", "--routerbench", train.toString(), "--eval", test.toString()};
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        args[args.length - 1] = "--json=" + json;
        assertEquals(0, new CommandLine(new BenchCommand()).execute(args));
        return new ObjectMapper().readTree(json.toFile()).path("cost_sweep").path("points");
    }

    @Test
    void writesPointsTheReportDraws(@TempDir Path dir) throws Exception {
        Path train = RouterBenchFixture.write(dir.resolve("train.csv.gz"), "train", 20);
        Path test = RouterBenchFixture.write(dir.resolve("test.csv.gz"), "test", 10);
        Path json = dir.resolve("cost.json");
        JsonNode points = run(train, test, json, "--skills", "none", "--k", "1,2", "--lambdas", "0,1");
        assertEquals(3 + 1 + 2 * 2, points.size(), "3 singles, topk-vote k=2, symoe 2 k x 2 λ");
        Map<String, JsonNode> byName = new HashMap<>();
        for (JsonNode p : points) {
            Set<String> fields = new TreeSet<>();
            p.fieldNames().forEachRemaining(fields::add);
            assertEquals(Set.of("accuracy", "cost", "kind", "name"), fields);
            byName.put(p.get("name").asText(), p);
        }
        assertEquals("single", byName.get("dear").get("kind").asText());
        assertEquals("baseline", byName.get("topk-vote k=2").get("kind").asText());
        assertEquals(50.0, byName.get("symoe k=1 λ=1.0").get("accuracy").asDouble(), 1e-9);
        assertEquals(0.001, byName.get("symoe k=1 λ=1.0").get("cost").asDouble(), 1e-12);

        Path report = dir.resolve("report");
        assertEquals(0, new CommandLine(new BenchCommand()).execute("report", json.toString(), "--out", report.toString()));
        assertTrue(Files.readString(report.resolve("index.html")).contains("quality-vs-cost.png"));
        assertTrue(Files.size(report.resolve("quality-vs-cost.png")) > 1000);
    }

    @Test
    void badArgumentsAreClearErrors(@TempDir Path dir) throws Exception {
        Path train = RouterBenchFixture.write(dir.resolve("train.csv.gz"), "train", 6);
        var cmd = new CommandLine(new BenchCommand());
        assertEquals(2, cmd.execute("cost", "--routerbench", train.toString(), "--eval", dir.resolve("none.csv.gz").toString()));
        assertEquals(2, cmd.execute("cost", "--routerbench", train.toString(), "--eval", train.toString(), "--skills", "keywords"));
        assertEquals(2, cmd.execute("cost", "--routerbench", train.toString(), "--eval", train.toString(), "--skills", "none", "--k", "4"));
        assertEquals(2, cmd.execute("cost", "--routerbench", train.toString(), "--eval", train.toString(), "--skills", "none", "--lambdas", "-1"));
    }

    /** The published ARC-Challenge split (global competence, so no embedding model is loaded in the suite). */
    @Test
    void realArcChallenge(@TempDir Path dir) throws Exception {
        Path data = SharedData.require("data/routerbench");
        JsonNode points = run(data.resolve("arc_challenge_train.csv.gz"), data.resolve("arc_challenge_test.csv.gz"),
                dir.resolve("arc.json"), "--skills", "none");
        Map<String, JsonNode> byName = new HashMap<>();
        points.forEach(p -> byName.put(p.get("name").asText(), p));
        assertEquals(11 + 2 + 3 * CostSweep.DEFAULT_LAMBDAS.size(), points.size());
        JsonNode gpt4 = byName.get("gpt-4-1106-preview");
        assertEquals(420 * 100.0 / 445, gpt4.get("accuracy").asDouble(), 1e-9, "gpt-4 is right on 420 of 445");
        // λ = 0 ignores price: k = 1 recruits the model best on train, which is gpt-4.
        assertEquals(gpt4.get("accuracy").asDouble(), byName.get("symoe k=1 λ=0.0").get("accuracy").asDouble(), 1e-9);
        assertEquals(gpt4.get("cost").asDouble(), byName.get("symoe k=1 λ=0.0").get("cost").asDouble(), 1e-12);
        // A large λ buys a model at a tenth of gpt-4's price.
        assertTrue(byName.get("symoe k=1 λ=1.0").get("cost").asDouble() < gpt4.get("cost").asDouble() / 10);
    }

    /** MBPP: code, so k > 1 trusts the most competent recruited expert (see ExpertVote). */
    @Test
    void realMbpp(@TempDir Path dir) throws Exception {
        Path data = SharedData.require("data/routerbench");
        JsonNode points = run(data.resolve("mbpp_train.csv.gz"), data.resolve("mbpp_test.csv.gz"),
                dir.resolve("mbpp.json"), "--skills", "none", "--lambdas", "0,0.1");
        Map<String, JsonNode> byName = new HashMap<>();
        points.forEach(p -> byName.put(p.get("name").asText(), p));
        assertEquals(88 * 100.0 / 128, byName.get("gpt-3.5-turbo-1106").get("accuracy").asDouble(), 1e-9);
        // With a price, global competence settles on gpt-3.5, which ties gpt-4 on this test split at 1/28 the cost.
        JsonNode thrifty = byName.get("symoe k=1 λ=0.1");
        assertEquals(byName.get("gpt-3.5-turbo-1106").get("cost").asDouble(), thrifty.get("cost").asDouble(), 1e-12);
        assertEquals(88 * 100.0 / 128, thrifty.get("accuracy").asDouble(), 1e-9);
    }
}
