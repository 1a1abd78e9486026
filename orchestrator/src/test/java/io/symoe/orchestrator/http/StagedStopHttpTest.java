package io.symoe.orchestrator.http;

import io.symoe.aggregator.learned.ExpertVote;
import io.symoe.aggregator.learned.StackingModelFile;
import io.symoe.aggregator.learned.StagedModel;
import io.symoe.aggregator.learned.StagedTrainer;
import io.symoe.aggregator.learned.TrainingQuestion;
import io.symoe.core.config.AggregationStrategy;
import io.symoe.core.config.AggregatorConfig;
import io.symoe.core.config.RecruiterKind;
import io.symoe.core.config.RouterConfig;
import io.symoe.core.config.SymoeConfig;
import io.symoe.orchestrator.SymoeService;
import io.symoe.orchestrator.testing.ReadyService;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code recruiter: sequential} with an {@code aggregator-model.json} that has stages: the service stops on the
 * learned aggregator's posterior, over real loopback HTTP, on recorded-output replay experts. The recordings: a
 * specialist right on every algebra question and wrong on every contract-law one, a generalist right on 2 in 5 of
 * both, a novice on 1 in 4. The stage models learn (on synthetic votes shaped like the served ones) that a
 * leading expert with a high competence weight is right 95 % of the time and one with a low weight 35 %. So an
 * algebra question, led by the specialist with its high weight, stops after one call; a law question, led by the
 * generalist with a low one, calls on. (Served weights are log-odds over MMLU-Pro's 10 options: about 5 for the
 * specialist on algebra, 2 for the generalist on law; the synthetic leader's weight is 3.5-6.5 or 0-2.8.)
 */
class StagedStopHttpTest {
    private static final List<String> MODELS = List.of("specialist", "generalist", "novice");
    private static final List<String> LETTERS = List.of("A", "B", "C", "D");
    private static final int PER_TOPIC = 24;

    @Test
    void stopsAfterOneCallOnAnEasyQuestionAndCallsMoreOnAHardOneInChatAndBatch(@TempDir Path dir) throws Exception {
        Path recordings = write(dir.resolve("recordings"));
        List<TrainingQuestion> train = leaderWeightTells(3000);
        StagedModel staged = StagedTrainer.train(List.of(train.subList(0, 1500), train.subList(1500, 3000)), 1,
                Set.copyOf(MODELS), 3, 2.0, 7);
        Path model = dir.resolve(StackingModelFile.FILE_NAME);
        StackingModelFile.write(staged.at(3), staged, model);
        var router = new RouterConfig(null, RecruiterKind.SEQUENTIAL, 3, null, null, null, null, null);
        var aggregator = new AggregatorConfig(AggregationStrategy.LEARNED, null, null, null, model.toString());
        SymoeService service = ReadyService.start(new SymoeConfig(ReadyService.loopback(), null, router, aggregator,
                null, null), new SymoeService.Options(recordings, false));
        try {
            String detail = WebClient.create(service.vertx()).get(service.httpPort(), "127.0.0.1", "/health/ready")
                    .send().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).bodyAsJsonObject()
                    .getString("detail");
            assertTrue(detail.contains("sequential stop on the learned aggregator's posterior, 3 stages, thresholds "
                    + staged.thresholds()), detail);
            JsonObject easy = ask(service, algebra(3));
            JsonArray easyExperts = easy.getJsonArray("experts");
            assertEquals(1, easyExperts.size(), "the specialist's answer alone clears the threshold: " + easy.encode());
            assertEquals("specialist", easyExperts.getJsonObject(0).getString("model"), easy.encode());
            assertEquals("A", easy.getString("answer"));
            assertEquals("learned", easy.getJsonObject("aggregation").getString("strategy"), easy.encode());

            JsonObject hard = ask(service, law(3));
            JsonArray hardExperts = hard.getJsonArray("experts");
            assertTrue(hardExperts.size() >= 2, "a low-weight leader is not trusted alone: " + hard.encode());
            assertEquals("generalist", hardExperts.getJsonObject(0).getString("model"), hard.encode());
            // The answer is the stage model's choice for the experts called, as bench replay scores it.
            List<ExpertVote> votes = new ArrayList<>();
            for (int i = 0; i < hardExperts.size(); i++) {
                JsonObject e = hardExperts.getJsonObject(i);
                votes.add(new ExpertVote(e.getString("model"), e.getDouble("weight"),
                        Optional.ofNullable(e.getString("answer")), text(e.getString("model"), e.getString("answer"))));
            }
            assertEquals(staged.leader(votes, 10).orElseThrow().candidate().answer(), hard.getString("answer"),
                    hard.encode());
            assertTrue(hardExperts.size() == 3 || staged.stop(votes, 10),
                    "it stopped before the budget only where the rule says so: " + hard.encode());

            // A batch steps each instance the same way, in rounds: the same experts and answers as chat.
            JsonArray instances = new JsonArray().add(new JsonObject().put("id", "easy").put("text", algebra(3)))
                    .add(new JsonObject().put("id", "hard").put("text", law(3)));
            JsonArray results = finishedBatch(service, instances).getJsonArray("results");
            for (var pair : List.of(List.of(0, easy), List.of(1, hard))) {
                JsonObject batch = results.getJsonObject((Integer) pair.get(0));
                JsonObject chat = (JsonObject) pair.get(1);
                assertEquals(models(chat.getJsonArray("experts")), models(batch.getJsonArray("experts")),
                        "batch " + batch.encode() + " vs chat " + chat.encode());
                assertEquals(chat.getString("answer"), batch.getString("answer"), batch.encode());
            }
        } finally {
            service.close();
        }
    }

    private static List<String> models(JsonArray experts) {
        List<String> m = new ArrayList<>();
        for (int i = 0; i < experts.size(); i++) {
            m.add(experts.getJsonObject(i).getString("model"));
        }
        return m;
    }

    private static JsonObject finishedBatch(SymoeService service, JsonArray instances) throws Exception {
        WebClient client = WebClient.create(service.vertx());
        HttpResponse<Buffer> created = client.post(service.httpPort(), "127.0.0.1", "/v1/symoe/batches")
                .putHeader("content-type", "application/json")
                .sendBuffer(Buffer.buffer(new JsonObject().put("instances", instances).encode()))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(202, created.statusCode(), created.bodyAsString());
        String id = created.bodyAsJsonObject().getString("id");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            JsonObject state = client.get(service.httpPort(), "127.0.0.1", "/v1/symoe/batches/" + id).send()
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).bodyAsJsonObject();
            String status = state.getString("status");
            if (!status.equals("running") && !status.equals("queued")) {
                assertEquals("completed", status, state.encode());
                return state;
            }
            assertTrue(System.nanoTime() < deadline, "batch never finished: " + state.encode());
            Thread.sleep(50);
        }
    }

    /**
     * Votes in calling order: the leader (any of the pool) has a high weight on half the questions and is then
     * right 95 % of the time, else a low weight and 35 %; the two after it are right 60 % of the time.
     */
    private static List<TrainingQuestion> leaderWeightTells(int n) {
        Random rnd = new Random(11);
        List<TrainingQuestion> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String gold = LETTERS.get(rnd.nextInt(4));
            List<String> order = new ArrayList<>(MODELS);
            java.util.Collections.shuffle(order, rnd);
            boolean easy = rnd.nextBoolean();
            List<ExpertVote> votes = new ArrayList<>();
            for (int j = 0; j < 3; j++) {
                double p = j == 0 ? (easy ? 0.95 : 0.35) : 0.6;
                double w = j == 0 ? (easy ? 3.5 + 3 * rnd.nextDouble() : 2.8 * rnd.nextDouble()) : 3 * rnd.nextDouble();
                String a = rnd.nextDouble() < p ? gold : other(gold, rnd);
                votes.add(new ExpertVote(order.get(j), w, Optional.of(a), text(order.get(j), a)));
            }
            out.add(new TrainingQuestion(votes, 10, gold));
        }
        return out;
    }

    private static String other(String gold, Random rnd) {
        String x;
        do {
            x = LETTERS.get(rnd.nextInt(4));
        } while (x.equals(gold));
        return x;
    }

    private static String text(String model, String answer) {
        return model + " works through it step by step. The answer is (" + answer + ").";
    }

    private static String algebra(int i) {
        return "In the ring of integers modulo " + (7 + 2 * i) + ", what is the multiplicative inverse of " + (2 + i)
                + "?";
    }

    private static String law(int i) {
        return "Under the law of contracts, is a promise by tenant number " + (i + 1) + " to pay extra rent"
                + " enforceable without new consideration from the landlord?";
    }

    /** One zip per model in the TIGER MMLU-Pro format; gold is A everywhere. */
    private static Path write(Path out) throws IOException {
        Files.createDirectories(out);
        for (String m : MODELS) {
            JsonArray records = new JsonArray();
            for (int i = 0; i < PER_TOPIC; i++) {
                boolean algebraRight = switch (m) {
                    case "specialist" -> true;
                    case "generalist" -> i % 5 < 2;
                    default -> i % 4 == 0;
                };
                boolean lawRight = switch (m) {
                    case "specialist" -> false;
                    case "generalist" -> i % 5 < 2;
                    default -> i % 4 == 0;
                };
                records.add(record(300 + i, algebra(i), "math", algebraRight ? "A" : "B", m));
                records.add(record(400 + i, law(i), "law", lawRight ? "A" : (m.equals("novice") ? "C" : "B"), m));
            }
            try (OutputStream o = Files.newOutputStream(out.resolve("model_outputs_" + m + "_5shots.zip"));
                 ZipOutputStream z = new ZipOutputStream(o)) {
                z.putNextEntry(new ZipEntry("model_outputs_" + m + "_5shots.json"));
                z.write(records.encode().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return out;
    }

    private static JsonObject record(int id, String question, String category, String answer, String model) {
        return new JsonObject().put("question_id", id).put("question", question)
                .put("options", new JsonArray(List.of("1", "2", "3", "4"))).put("answer", "A").put("answer_index", 0)
                .put("category", category).put("src", "issue-17").put("pred", answer)
                .put("generated_text", text(model, answer));
    }

    private static JsonObject ask(SymoeService service, String question) throws Exception {
        JsonObject body = new JsonObject().put("model", "symoe").put("messages",
                new JsonArray().add(new JsonObject().put("role", "user").put("content", question)));
        HttpResponse<Buffer> r = WebClient.create(service.vertx()).post(service.httpPort(), "127.0.0.1",
                        "/v1/chat/completions").putHeader("content-type", "application/json")
                .sendBuffer(Buffer.buffer(body.encode())).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode(), r.bodyAsString());
        return r.bodyAsJsonObject().getJsonObject("symoe");
    }
}
