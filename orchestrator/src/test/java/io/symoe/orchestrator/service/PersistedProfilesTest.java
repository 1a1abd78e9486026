package io.symoe.orchestrator.service;

import io.symoe.core.BackendKind;
import io.symoe.core.ByteSize;
import io.symoe.core.config.BackendConfig;
import io.symoe.core.config.ModelConfig;
import io.symoe.core.config.PoolConfig;
import io.symoe.core.config.RouterConfig;
import io.symoe.core.config.ServerConfig;
import io.symoe.core.config.SkillSource;
import io.symoe.core.config.SymoeConfig;
import io.symoe.orchestrator.SymoeService;
import io.symoe.orchestrator.testing.RecordedPoolFixture;
import io.symoe.skillrouter.cli.ProfilesBuildCommand;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node without recordings of its own becomes ready from profiles saved by {@code profiles-build}
 * ({@code router.profiles}), as a node serving live backends does in production.
 */
class PersistedProfilesTest {

    @Test
    void servesFromSavedProfiles(@TempDir Path dir) throws Exception {
        serveFromSavedProfiles(dir, "minilm");
    }

    /** router.embedder: static embeds the asked question with the weights profiles-build saved beside the index. */
    @Test
    void servesFromSavedProfilesWithTheStaticEmbedder(@TempDir Path dir) throws Exception {
        serveFromSavedProfiles(dir, "static");
        assertTrue(java.nio.file.Files.isRegularFile(dir.resolve("profiles").resolve("static-embedder.json")));
    }

    private static void serveFromSavedProfiles(Path dir, String embedder) throws Exception {
        Path rec = RecordedPoolFixture.write(dir.resolve("rec"));
        Path profiles = dir.resolve("profiles");
        int built = new CommandLine(new ProfilesBuildCommand()).execute("--source", "mmlu-pro", "--input", rec.toString(),
                "--skills", "embedding", "--embedder", embedder, "--out", profiles.toString());
        assertEquals(0, built);

        // The pool comes from config (here a replay backend standing in for live servers); profiles from the files.
        JsonObject symoe = ask(config(rec, new RouterConfig(SkillSource.EMBEDDING, null, 3, null, profiles.toString(),
                null, embedder), null), RecordedPoolFixture.QUESTIONS.get(1));
        assertEquals(3, symoe.getJsonArray("experts").size());
        // profiles-build saved the neighbours' categories (skill-topics.json), so saved profiles name the
        // skills in words too; the asked question is its own closest neighbour here (no leave-one-out).
        assertTrue(java.nio.file.Files.isRegularFile(profiles.resolve("skill-topics.json")));
        JsonObject top = symoe.getJsonArray("skills").getJsonObject(0);
        assertEquals("other", top.getString("name"), symoe.encode());
        assertEquals(3, top.getInteger("neighbours"), symoe.encode());
        assertEquals(RecordedPoolFixture.QUESTIONS.size(), symoe.getInteger("neighbours_total"));
        assertEquals("q:101", symoe.getJsonArray("neighbours").getJsonObject(0).getString("id"));
    }

    /** A config serving the recorded pool in {@code rec} (a replay backend standing in for live servers). */
    private static SymoeConfig config(Path rec, RouterConfig router, io.symoe.core.config.AggregatorConfig agg) {
        var backends = List.of(new BackendConfig("recorded", BackendKind.REPLAY, null, null, rec.toString(), null, null, null));
        var models = RecordedPoolFixture.MODELS.stream()
                .map(m -> new ModelConfig(m, "recorded", null, null, null, null, null, null)).toList();
        return new SymoeConfig(new ServerConfig("127.0.0.1", 0, new ByteSize(64 * 1024), Duration.ofSeconds(20), null),
                new PoolConfig(null, null, backends, models), router, agg, null);
    }

    /** Starts the service, waits for readiness, asks one question: its {@code symoe} object plus the readiness. */
    private static JsonObject ask(SymoeConfig config, String question) throws Exception {
        try (SymoeService service = SymoeService.start(config, SymoeService.Options.NONE)
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!service.services().ready()) {
                assertTrue(System.nanoTime() < deadline, "never ready: " + service.services().readiness());
                Thread.sleep(100);
            }
            var body = new JsonObject().put("model", "symoe").put("messages", new JsonArray()
                    .add(new JsonObject().put("role", "user").put("content", question)));
            var r = WebClient.create(service.vertx()).post(service.httpPort(), "127.0.0.1", "/v1/chat/completions")
                    .sendJsonObject(body).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.bodyAsString());
            return r.bodyAsJsonObject().getJsonObject("symoe").copy().put("readiness", service.services().readiness());
        }
    }

    /**
     * {@code profiles-build --learned-aggregator} saves aggregator-model.json beside the profiles, and
     * {@code aggregator.strategy: learned} with no model-file serves that one: the saved model answers.
     */
    @Test
    void servesTheLearnedAggregatorSavedBesideTheProfiles(@TempDir Path dir) throws Exception {
        Path rec = RecordedPoolFixture.write(dir.resolve("rec"));
        Path profiles = dir.resolve("profiles");
        var printed = new java.io.StringWriter();
        var build = new CommandLine(new ProfilesBuildCommand());
        build.setOut(new java.io.PrintWriter(printed));
        assertEquals(0, build.execute("--source", "mmlu-pro", "--input", rec.toString(), "--skills", "embedding",
                "--learned-aggregator", "--k", "3", "--out", profiles.toString()));
        assertTrue(java.nio.file.Files.isRegularFile(profiles.resolve("aggregator-model.json")));
        // The file is version 2; whether it has adaptive k's stages, the command says (and why not).
        var model = profiles.resolve("aggregator-model.json");
        assertTrue(java.nio.file.Files.readString(model).contains("\"version\" : 2"));
        var staged = io.symoe.aggregator.learned.StackingModelFile.readStaged(model);
        assertTrue(printed.toString().contains(staged.isPresent() ? "adaptive k on its posterior: 3 stages"
                : "adaptive k on its posterior: not trained (stage"), printed.toString());

        JsonObject symoe = ask(config(rec, new RouterConfig(SkillSource.EMBEDDING, null, 3, null, profiles.toString(), null),
                new io.symoe.core.config.AggregatorConfig(io.symoe.core.config.AggregationStrategy.LEARNED, null, null,
                        null, null)), RecordedPoolFixture.QUESTIONS.get(4));
        JsonObject aggregation = symoe.getJsonObject("aggregation");
        assertEquals("learned", aggregation.getString("strategy"), aggregation.encode());
        JsonObject learned = aggregation.getJsonObject("learned");
        assertEquals(RecordedPoolFixture.QUESTIONS.size(), learned.getInteger("training_questions"),
                "trained on every recorded question, cross-fitted");
        assertTrue(learned.getJsonObject("scores").containsKey(symoe.getString("answer")), learned.encode());
    }

    /**
     * With no {@code aggregator.strategy} in the config and {@code aggregator-model.json} beside the profiles, the
     * service serves the learned aggregator and says so in its readiness; an explicit strategy still wins.
     */
    @Test
    void servesTheLearnedAggregatorBesideTheProfilesWhenNoStrategyIsSet(@TempDir Path dir) throws Exception {
        Path rec = RecordedPoolFixture.write(dir.resolve("rec"));
        Path profiles = dir.resolve("profiles");
        assertEquals(0, new CommandLine(new ProfilesBuildCommand()).execute("--source", "mmlu-pro", "--input",
                rec.toString(), "--skills", "embedding", "--learned-aggregator", "--k", "3", "--out",
                profiles.toString()));
        var implicit = servedAggregation(rec, profiles, io.symoe.core.config.AggregatorConfig.defaults());
        assertEquals("learned", implicit.getString("strategy"), implicit.encode());
        assertTrue(implicit.getString("readiness").contains("aggregator learned (implicit default"),
                implicit.getString("readiness"));
        var explicit = servedAggregation(rec, profiles, new io.symoe.core.config.AggregatorConfig(
                io.symoe.core.config.AggregationStrategy.MAJORITY_VOTE, null, null, null, null));
        assertEquals("majority-vote", explicit.getString("strategy"), explicit.encode());
        assertTrue(!explicit.getString("readiness").contains("aggregator learned"), explicit.getString("readiness"));
    }

    /** The {@code aggregation} section of one chat answer, with the service's readiness detail added. */
    private static JsonObject servedAggregation(Path rec, Path profiles, io.symoe.core.config.AggregatorConfig agg)
            throws Exception {
        JsonObject symoe = ask(config(rec, new RouterConfig(SkillSource.EMBEDDING, null, 3, null, profiles.toString(), null),
                agg), RecordedPoolFixture.QUESTIONS.get(4));
        return symoe.getJsonObject("aggregation").copy().put("readiness", symoe.getString("readiness"));
    }

    /**
     * {@code profiles-build --target-calls} learns the sequential stop rule and saves it beside the profiles; a
     * sequential pipeline on those profiles serves it (readiness names the file), and an explicit
     * {@code router.threshold} still wins.
     */
    @Test
    void theStopRuleLearnedByProfilesBuildIsServedFromTheFile(@TempDir Path dir) throws Exception {
        Path rec = RecordedPoolFixture.write(dir.resolve("rec"));
        Path profiles = dir.resolve("profiles");
        var sw = new java.io.StringWriter();
        var cmd = new CommandLine(new ProfilesBuildCommand());
        cmd.setOut(new java.io.PrintWriter(sw));
        assertEquals(0, cmd.execute("--source", "mmlu-pro", "--input", rec.toString(), "--skills", "embedding",
                "--target-calls", "1.5", "--k", "3", "--out", profiles.toString()));
        assertTrue(sw.toString().contains("sequential stop: threshold"), sw.toString());
        var saved = io.symoe.skillrouter.adaptive.StopPolicyJson.read(profiles.resolve("sequential-stop.json"));
        assertEquals(io.symoe.skillrouter.recruit.StopPolicy.Source.LEARNED, saved.source());

        var sequential = new RouterConfig(SkillSource.EMBEDDING, io.symoe.core.config.RecruiterKind.SEQUENTIAL, 3,
                null, profiles.toString(), null, null, null);
        var router = PersistedRouting.build(sequential, RecordedPoolFixture.MODELS);
        var served = ((io.symoe.skillrouter.recruit.SequentialRecruiter) router.recruiter()).policy();
        assertEquals(saved, served);
        assertTrue(Readiness.readyDetail(java.util.Map.of("default", router)).contains("sequential stop "
                + saved.describe() + ", at most 3 experts (learned: learned on "
                + RecordedPoolFixture.QUESTIONS.size()), Readiness.readyDetail(java.util.Map.of("default", router)));

        var explicit = new RouterConfig(SkillSource.EMBEDDING, io.symoe.core.config.RecruiterKind.SEQUENTIAL, 3,
                null, profiles.toString(), null, 0.7, null);
        var overridden = ((io.symoe.skillrouter.recruit.SequentialRecruiter) PersistedRouting.build(explicit,
                RecordedPoolFixture.MODELS).recruiter()).policy();
        assertEquals(0.7, overridden.knob());
        assertEquals(io.symoe.skillrouter.recruit.StopPolicy.Kind.THRESHOLD, overridden.kind());
        assertEquals(io.symoe.skillrouter.recruit.StopPolicy.Source.CONFIG, overridden.source());
        assertEquals(2, new CommandLine(new ProfilesBuildCommand()).execute("--source", "mmlu-pro", "--input",
                rec.toString(), "--skills", "embedding", "--target-calls", "5", "--out", dir.resolve("p2").toString()),
                "more calls than --k is refused");
    }

    @Test
    void profilesOfModelsOutsideThePoolAreRefused(@TempDir Path dir) throws Exception {
        Path rec = RecordedPoolFixture.write(dir.resolve("rec"));
        Path profiles = dir.resolve("profiles");
        assertEquals(0, new CommandLine(new ProfilesBuildCommand()).execute("--source", "mmlu-pro", "--input",
                rec.toString(), "--skills", "category", "--out", profiles.toString()));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> PersistedRouting.build(
                new RouterConfig(SkillSource.CATEGORY, null, 3, null, profiles.toString(), null), List.of("expert-strong")));
        assertTrue(e.getMessage().contains("not in the pool"), e.getMessage());
    }
}
