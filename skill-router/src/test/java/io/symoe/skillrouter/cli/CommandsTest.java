package io.symoe.skillrouter.cli;

import io.symoe.testsupport.SharedData;
import io.symoe.skillrouter.embedding.QuestionIndexJson;
import io.symoe.skillrouter.profile.ProfileJson;
import io.symoe.skillrouter.profile.SkillProfiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandsTest {
    private static String run(Object command, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute(args), out.toString());
        return out.toString();
    }

    @Test
    void routeEvalComparesTheConfiguredStrategiesWithTopkVote() {
        Path data = SharedData.require("data/mmlu-pro-outputs");
        Path paper = SharedData.require("data/symbolic-moe");
        String out = run(new RouteEvalCommand(), "--data", data.toString(), "--paper-data", paper.toString(),
                "--split", "paper", "--pool", "small", "--skills", "category", "--recruiters", "symbolic,competence-weighted");
        assertTrue(out.contains("profile=350"), out);
        assertTrue(out.contains("topk-vote(k=3)"), out);
        assertTrue(out.contains("category/symbolic(k=3)"), out);
        assertTrue(out.contains("category/competence-weighted(k=3)"), out);
    }

    @Test
    void profilesBuildFromRouterDcProbabilitiesWritesLoadableProfilesAndIndex(@TempDir Path dir) {
        Path train = SharedData.require("data/routerdc-7b/arc_challenge_train.json.gz");
        String out = run(new ProfilesBuildCommand(), "--source", "routerdc", "--input", train.toString(),
                "--skills", "embedding", "--out", dir.toString());
        assertTrue(out.contains("question index"), out);
        SkillProfiles p = ProfileJson.read(dir.resolve("profiles.json"));
        assertEquals(7, p.models().size(), "RouterDC scores 7 models");
        assertEquals(p.coverage().questions(), p.skills().size());
        // probability-correct scores: a tally is fractional, and the global accuracy a mean probability
        double acc = p.globalAccuracy()[0];
        assertTrue(acc > 0 && acc < 1, "accuracy " + acc);
        assertEquals(p.coverage().questions(), QuestionIndexJson.read(dir.resolve("question-index.json")).size());

        // A service starts from the folder: profiles + index + the real MiniLM, and routes a RouterDC test question.
        Path test = SharedData.require("data/routerdc-7b/arc_challenge_test.json.gz");
        var question = io.symoe.modelpool.recorded.RouterDcReader.read(test).questions().getFirst();
        try (var minilm = new io.symoe.skillrouter.embedding.MiniLmEmbedder(2)) {
            var router = io.symoe.skillrouter.RouterFactory.create(
                    new io.symoe.core.config.RouterConfig(io.symoe.core.config.SkillSource.EMBEDDING,
                            io.symoe.core.config.RecruiterKind.COMPETENCE_WEIGHTED, 3, 1L, dir.toString(), null),
                    io.symoe.skillrouter.RouterResources.fromFiles(dir, minilm));
            var a = router.route(new io.symoe.core.Instance(question.id(), question.text(),
                    new io.symoe.core.Task("arc", new io.symoe.core.AnswerFormat.MultipleChoice(4))));
            assertEquals(3, a.distinctModels().size());
            assertEquals(4, a.candidates().size());
            assertTrue(a.skills().stream().allMatch(s -> p.tally(s.name()) != null), "skills are profile questions");
        }
    }

    @Test
    void profilesBuildWithTheStaticEmbedderSavesWhatAServiceNeedsToEmbedTheSameWay(@TempDir Path dir) throws Exception {
        Path train = SharedData.require("data/routerdc-7b/arc_challenge_train.json.gz");
        String out = run(new ProfilesBuildCommand(), "--source", "routerdc", "--input", train.toString(),
                "--skills", "embedding", "--embedder", "static", "--out", dir.toString());
        assertTrue(out.contains("static embedder"), out);
        var index = QuestionIndexJson.read(dir.resolve("question-index.json"));
        var table = io.symoe.skillrouter.embedding.StaticTokenTable.loadOrBuild(
                io.symoe.skillrouter.embedding.CachingEmbedder.defaultDir(), line -> { });
        try (var e = io.symoe.skillrouter.embedding.StaticEmbedderJson.read(
                dir.resolve(io.symoe.skillrouter.embedding.StaticEmbedderJson.FILE_NAME), table)) {
            assertEquals(index.modelId(), e.modelId());
            // Re-embedding a profile question from the saved weights finds that very question first.
            var q = io.symoe.modelpool.recorded.RouterDcReader.read(train).questions().getFirst();
            var router = io.symoe.skillrouter.RouterFactory.create(
                    new io.symoe.core.config.RouterConfig(io.symoe.core.config.SkillSource.EMBEDDING,
                            io.symoe.core.config.RecruiterKind.COMPETENCE_WEIGHTED, 3, 1L, dir.toString(), null),
                    io.symoe.skillrouter.RouterResources.fromFiles(dir, e));
            var a = router.route(new io.symoe.core.Instance(q.id(), q.text(),
                    new io.symoe.core.Task("arc", new io.symoe.core.AnswerFormat.MultipleChoice(4))));
            assertEquals(3, a.distinctModels().size());
            assertEquals("q:" + q.id(), a.skills().getFirst().name());
        }
    }

    @Test
    void profilesBuildFromRouterBenchCategories(@TempDir Path dir) {
        Path train = SharedData.require("data/routerbench/arc_challenge_train.csv.gz");
        run(new ProfilesBuildCommand(), "--source", "routerbench", "--input", train.toString(),
                "--skills", "category", "--out", dir.toString());
        SkillProfiles p = ProfileJson.read(dir.resolve("profiles.json"));
        assertEquals(11, p.models().size());
        assertTrue(p.coverage().skills() >= 1);
        // RouterBench leaves a few (model, prompt) cells empty: coverage says so instead of hiding it
        assertTrue(p.coverage().density() > 0.95 && p.coverage().density() <= 1.0, p.coverage().toString());
    }
}
