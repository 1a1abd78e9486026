package io.symoe.orchestrator.replay;

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
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A mixed pool: {@code --replay} recordings of three models, one of which ({@code real-expert}) is served by a real
 * OpenAI-compatible server on loopback instead of its recording. Checks that the real expert is asked the question
 * with its options (the replay resolution used to hand it the recorded stem alone), and that batches resolve each
 * question by its text as the chat endpoint does: a client-chosen instance id that happens to be a recorded question
 * id must not pick that question, and unrecorded or ambiguous items fail with the online 404/409 messages.
 */
class MixedReplayPoolTest {
    static final List<String> MODELS = List.of("real-expert", "replay-a", "replay-b");
    static final List<String> OPTIONS = List.of("first", "second", "third", "fourth");
    /** Question ids 1..6: distinct stems, then two questions sharing a stem with different options. */
    static final List<String> STEMS = List.of(
            "Which organelle produces most of the ATP in a eukaryotic cell?",
            "What is the derivative of x squared with respect to x?",
            "Which doctrine lets a court refuse a contract that is unconscionable?",
            "What is the boiling point of water at sea level in degrees Celsius?",
            "Which of the following numbers is prime?",
            "Which of the following numbers is prime?");
    static final List<List<String>> STEM_OPTIONS = List.of(OPTIONS, OPTIONS, OPTIONS, OPTIONS,
            List.of("4", "6", "7", "9"), List.of("8", "11", "12", "15"));
    /** Recorded answers of replay-a and replay-b per question, all different between questions 1..4. */
    static final List<String> A_ANSWERS = List.of("A", "B", "C", "D", "C", "B");
    static final List<String> B_ANSWERS = List.of("B", "C", "D", "A", "C", "B");

    @TempDir
    static Path dir;
    static Vertx vertx;
    static HttpServer real;
    static final List<String> seenByReal = Collections.synchronizedList(new ArrayList<>());
    static SymoeService service;
    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        Path recordings = write(dir.resolve("recordings"));
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create(false));
        router.get("/v1/models").handler(ctx -> ctx.json(new JsonObject().put("object", "list")
                .put("data", new JsonArray().add(new JsonObject().put("id", "real-expert").put("object", "model")))));
        router.post("/v1/chat/completions").handler(ctx -> {
            JsonObject req = ctx.body().asJsonObject();
            for (Object m : req.getJsonArray("messages")) {
                if ("user".equals(((JsonObject) m).getString("role"))) {
                    seenByReal.add(((JsonObject) m).getString("content"));
                }
            }
            ctx.json(new JsonObject().put("id", "x").put("object", "chat.completion").put("model", "real-expert")
                    .put("created", 0)
                    .put("choices", new JsonArray().add(new JsonObject().put("index", 0).put("finish_reason", "stop")
                            .put("message", new JsonObject().put("role", "assistant").put("content", "The answer is (A)."))))
                    .put("usage", new JsonObject().put("prompt_tokens", 1).put("completion_tokens", 1).put("total_tokens", 2)));
        });
        real = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        var backend = new BackendConfig("real", BackendKind.OPENAI, URI.create("http://127.0.0.1:" + real.actualPort()),
                null, null, Duration.ofSeconds(10), 4, 1);
        var pool = new PoolConfig(null, null, List.of(backend),
                List.of(new ModelConfig("real-expert", "real", null, null, null, null, null, null)));
        var server = new ServerConfig("127.0.0.1", 0, new ByteSize(64 * 1024), Duration.ofSeconds(20), null);
        // Category skills: routing needs no embedding model, and every model is recruited (k = 3 of 3).
        var routing = new RouterConfig(SkillSource.CATEGORY, null, 3, null, null, null);
        service = SymoeService.start(new SymoeConfig(server, pool, routing, null, null),
                new SymoeService.Options(recordings, false)).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!service.services().ready()) {
            assertTrue(System.nanoTime() < deadline, "never ready: " + service.services().readiness());
            Thread.sleep(50);
        }
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        if (http != null) {
            http.close();
        }
        if (service != null) {
            service.close();
        }
        if (vertx != null) {
            vertx.close();
        }
    }

    static String withOptions(int q) {
        StringBuilder b = new StringBuilder(STEMS.get(q)).append(" The options are:");
        for (int i = 0; i < STEM_OPTIONS.get(q).size(); i++) {
            b.append(" (").append((char) ('A' + i)).append(") ").append(STEM_OPTIONS.get(q).get(i));
        }
        return b.toString();
    }

    private static HttpResponse<String> post(String path, JsonObject body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> chat(String text) throws Exception {
        return post("/v1/chat/completions", new JsonObject().put("model", "symoe").put("messages",
                new JsonArray().add(new JsonObject().put("role", "user").put("content", text))));
    }

    @Test
    void theRealExpertIsAskedTheQuestionWithItsOptions() throws Exception {
        String asked = withOptions(1);
        HttpResponse<String> r = chat(asked);
        assertEquals(200, r.statusCode(), r.body());
        JsonArray experts = new JsonObject(r.body()).getJsonObject("symoe").getJsonArray("experts");
        assertTrue(experts.stream().anyMatch(e -> "real-expert".equals(((JsonObject) e).getString("answered_by"))),
                experts.encode());
        assertTrue(seenByReal.stream().anyMatch(s -> s.contains(asked)),
                "the real expert saw the options: " + seenByReal);
        for (Object o : experts) {
            JsonObject e = (JsonObject) o;
            if (e.getString("answered_by").startsWith("replay-")) {
                assertEquals(recorded(e.getString("answered_by"), 1), e.getString("answer"), experts.encode());
            }
        }
    }

    @Test
    void batchesResolveQuestionsByTheirTextAndFailUnresolvedItemsAsTheChatEndpointDoes() throws Exception {
        String unrecorded = "What is the capital city of the fictional land of Narnia?";
        String ambiguous = STEMS.get(4);
        // Ids that are recorded question ids (or end in one), sent with other questions' texts.
        JsonArray instances = new JsonArray()
                .add(new JsonObject().put("id", "1").put("text", withOptions(3)))
                .add(new JsonObject().put("id", "run:4").put("text", withOptions(0)))
                .add(new JsonObject().put("id", "x/2").put("text", withOptions(2)))
                .add(new JsonObject().put("id", "3").put("text", unrecorded))
                .add(new JsonObject().put("id", "amb").put("text", ambiguous))
                .add(new JsonObject().put("id", "6").put("text", withOptions(4)));
        int[] askedQuestion = {3, 0, 2, -1, -1, 4};
        HttpResponse<String> created = post("/v1/symoe/batches", new JsonObject().put("instances", instances));
        assertEquals(202, created.statusCode(), created.body());
        String id = new JsonObject(created.body()).getString("id");
        JsonObject batch;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        do {
            Thread.sleep(50);
            batch = new JsonObject(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort()
                    + "/v1/symoe/batches/" + id)).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertTrue(System.nanoTime() < deadline, batch.encode());
        } while ("running".equals(batch.getString("status")) || "queued".equals(batch.getString("status")));
        assertEquals("completed", batch.getString("status"), batch.encode());
        JsonArray results = batch.getJsonArray("results");
        assertEquals(instances.size(), results.size(), batch.encode());
        int replayAnswers = 0;
        for (int i = 0; i < results.size(); i++) {
            JsonObject item = results.getJsonObject(i);
            assertEquals(instances.getJsonObject(i).getString("id"), item.getString("id"), "the client's id, in order");
            if (askedQuestion[i] < 0) {
                continue;
            }
            assertNull(item.getString("error"), item.encode());
            for (Object o : item.getJsonArray("experts")) {
                JsonObject e = (JsonObject) o;
                if (e.getString("model").startsWith("replay-")) {
                    replayAnswers++;
                    assertEquals(recorded(e.getString("model"), askedQuestion[i]), e.getString("answer"),
                            "the recording of the question asked, not of the id: " + item.encode());
                }
            }
        }
        assertTrue(replayAnswers >= 3, "replay experts took part: " + results.encode());

        HttpResponse<String> notFound = chat(unrecorded);
        assertEquals(404, notFound.statusCode(), notFound.body());
        assertEquals(new JsonObject(notFound.body()).getJsonObject("error").getString("message"),
                results.getJsonObject(3).getString("error"), "the online 404's message");
        HttpResponse<String> conflict = chat(ambiguous);
        assertEquals(409, conflict.statusCode(), conflict.body());
        String message = results.getJsonObject(4).getString("error");
        assertEquals(new JsonObject(conflict.body()).getJsonObject("error").getString("message"), message,
                "the online 409's message");
        assertTrue(message.contains("question 5 with options") && message.contains("question 6 with options"), message);
        assertEquals(2, batch.getInteger("failed"), batch.encode());
    }

    static String recorded(String model, int q) {
        return (model.equals("replay-a") ? A_ANSWERS : B_ANSWERS).get(q);
    }

    /** The recordings in the TIGER MMLU-Pro format; real-expert's are what its profile is built from. */
    static Path write(Path out) throws Exception {
        Files.createDirectories(out);
        Map<String, List<String>> answers = new HashMap<>();
        answers.put("real-expert", List.of("A", "B", "C", "D", "A", "B"));
        answers.put("replay-a", A_ANSWERS);
        answers.put("replay-b", B_ANSWERS);
        for (String model : MODELS) {
            JsonArray records = new JsonArray();
            for (int q = 0; q < STEMS.size(); q++) {
                String answer = answers.get(model).get(q);
                records.add(new JsonObject().put("question_id", q + 1).put("question", STEMS.get(q))
                        .put("options", new JsonArray(STEM_OPTIONS.get(q))).put("answer", "A").put("answer_index", 0)
                        .put("category", "science").put("src", "test").put("pred", answer)
                        .put("generated_text", "Step by step. The answer is (" + answer + ")."));
            }
            String name = "model_outputs_" + model + "_5shots";
            try (OutputStream os = Files.newOutputStream(out.resolve(name + ".zip")); ZipOutputStream z = new ZipOutputStream(os)) {
                z.putNextEntry(new ZipEntry(name + ".json"));
                z.write(records.encode().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return out;
    }
}
