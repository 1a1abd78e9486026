package io.symoe.orchestrator.http;

import io.symoe.orchestrator.testing.ReadyService;
import io.symoe.aggregator.learned.ExpertVote;
import io.symoe.aggregator.learned.StackingModelFile;
import io.symoe.aggregator.learned.StackingTrainer;
import io.symoe.aggregator.learned.TrainingQuestion;
import io.symoe.core.config.AggregationStrategy;
import io.symoe.core.config.AggregatorConfig;
import io.symoe.core.config.SymoeConfig;
import io.symoe.orchestrator.SymoeService;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code aggregator.strategy: learned} served over HTTP on {@link ProvenanceTest}'s replay pool. The model is
 * trained on questions where the novice is right and the competent-looking algebraist is wrong, so on the tied
 * question (algebraist A, generalist B, novice C), where the competence tie-break answers A, the learned model
 * answers the novice's C, and says so in the provenance.
 */
class LearnedAggregatorHttpTest {
    private static final List<String> LETTERS = List.of("A", "B", "C", "D");

    @Test
    void selectableInYaml() {
        var c = new io.symoe.orchestrator.config.ConfigLoader().parse(
                "aggregator:\n  strategy: learned\n  model-file: profiles/aggregator-model.json\n", "t.yaml");
        assertEquals(AggregationStrategy.LEARNED, c.aggregator().strategy());
        assertEquals("profiles/aggregator-model.json", c.aggregator().modelFile());
    }

    @Test
    void theLearnedModelAnswersAndExplainsItself(@TempDir Path dir) throws Exception {
        Path recordings = ProvenanceTest.write(dir.resolve("recordings"));
        Path model = dir.resolve("profiles").resolve(StackingModelFile.FILE_NAME);
        StackingModelFile.write(StackingTrainer.train(noviceKnowsBest(400), Set.of("algebraist", "generalist",
                "novice"), 1), model);
        SymoeService service = startReady(recordings, model);
        try {
            HttpResponse<Buffer> r = post(service, new JsonObject().put("model", "symoe").put("messages",
                    new JsonArray().add(new JsonObject().put("role", "user").put("content",
                            ProvenanceTest.TIED_QUESTION))));
            assertEquals(200, r.statusCode(), r.bodyAsString());
            JsonObject symoe = r.bodyAsJsonObject().getJsonObject("symoe");
            JsonObject aggregation = symoe.getJsonObject("aggregation");
            assertEquals("learned", aggregation.getString("strategy"), aggregation.encode());
            assertEquals("C", symoe.getString("answer"), "the novice's answer: " + symoe.encode());
            assertEquals(true, aggregation.getBoolean("aggregator_skipped"), "no aggregator model is called");
            assertEquals("learned-model", aggregation.getString("tie_break"), aggregation.encode());
            JsonObject learned = aggregation.getJsonObject("learned");
            JsonObject scores = learned.getJsonObject("scores");
            assertEquals(Set.of("A", "B", "C"), scores.fieldNames());
            assertTrue(scores.getDouble("C") > scores.getDouble("A") && scores.getDouble("C") > scores.getDouble("B"),
                    scores.encode());
            assertEquals(400, learned.getInteger("training_questions"));
            assertEquals(3, aggregation.getJsonObject("votes").size(), "the vote tally is still reported");
        } finally {
            service.close();
        }
    }

    @Test
    void aModelFileOfAnotherVersionStopsTheStartWithTheReason(@TempDir Path dir) throws Exception {
        Path recordings = ProvenanceTest.write(dir.resolve("recordings"));
        Path model = dir.resolve(StackingModelFile.FILE_NAME);
        StackingModelFile.write(StackingTrainer.train(noviceKnowsBest(50), Set.of("novice"), 1), model);
        Files.writeString(model, Files.readString(model).replace("\"version\" : 2", "\"version\" : 7"));
        Exception e = assertThrows(Exception.class, () -> startReady(recordings, model));
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
            cause = cause.getCause();
        }
        assertTrue(String.valueOf(cause.getMessage()).contains("version 7 is not supported"), String.valueOf(e));
    }

    /** Training questions in which the novice is right and the higher-weighted algebraist and generalist are not. */
    private static List<TrainingQuestion> noviceKnowsBest(int n) {
        Random rnd = new Random(3);
        List<TrainingQuestion> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String gold = LETTERS.get(rnd.nextInt(4));
            String wrong1 = LETTERS.get((LETTERS.indexOf(gold) + 1 + rnd.nextInt(3)) % 4);
            String wrong2 = rnd.nextBoolean() ? wrong1 : LETTERS.get((LETTERS.indexOf(gold) + 1 + rnd.nextInt(3)) % 4);
            out.add(new TrainingQuestion(List.of(
                    new ExpertVote("algebraist", 1 + rnd.nextDouble() * 6, Optional.of(wrong1), ""),
                    new ExpertVote("generalist", rnd.nextDouble() * 3, Optional.of(wrong2), ""),
                    new ExpertVote("novice", -2 + rnd.nextDouble(), Optional.of(gold), "")), 10, gold));
        }
        return out;
    }

    private static SymoeService startReady(Path recordings, Path model) throws Exception {
        var aggregator = new AggregatorConfig(AggregationStrategy.LEARNED, null, null, null, model.toString());
        return ReadyService.start(new SymoeConfig(ReadyService.loopback(), null, null, aggregator, null, null),
                new SymoeService.Options(recordings, false));
    }

    private static HttpResponse<Buffer> post(SymoeService service, JsonObject body) throws Exception {
        return WebClient.create(service.vertx()).post(service.httpPort(), "127.0.0.1", "/v1/chat/completions")
                .putHeader("content-type", "application/json").sendBuffer(Buffer.buffer(body.encode()))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
