package io.symoe.orchestrator.http;

import io.symoe.orchestrator.testing.ReadyService;
import io.symoe.core.config.SymoeConfig;
import io.symoe.orchestrator.SymoeService;
import io.symoe.orchestrator.eventbus.EventBusApi;
import io.symoe.orchestrator.testing.RecordedPoolFixture;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole service over loopback: real HTTP server and client, a real replay pool read from TIGER-format files,
 * real MiniLM embeddings for routing, the real aggregator.
 */
class ServiceApiTest {
    @TempDir
    static Path dir;
    private static SymoeService service;
    private static WebClient client;

    @BeforeAll
    static void start() throws Exception {
        Path recordings = RecordedPoolFixture.write(dir.resolve("recordings"));
        // A second pipeline, served as symoe/cheap: one expert, no vote.
        var cheap = new io.symoe.core.config.PipelineConfig(new io.symoe.core.config.RouterConfig(null,
                io.symoe.core.config.RecruiterKind.TOP_K, 1, null, null, null), null);
        service = ReadyService.start(new SymoeConfig(ReadyService.loopback(), null, null, null, null,
                java.util.Map.of("cheap", cheap)), new SymoeService.Options(recordings, false));
        client = WebClient.create(service.vertx());
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    static HttpResponse<Buffer> await(Future<HttpResponse<Buffer>> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static HttpResponse<Buffer> get(String path) throws Exception {
        return await(client.get(service.httpPort(), "127.0.0.1", path).send());
    }

    static HttpResponse<Buffer> post(String path, String body) throws Exception {
        return await(client.post(service.httpPort(), "127.0.0.1", path)
                .putHeader("content-type", "application/json").sendBuffer(Buffer.buffer(body)));
    }

    static JsonObject chat(String model, String question, boolean stream) {
        return new JsonObject().put("model", model).put("stream", stream)
                .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", question)));
    }

    static JsonObject error(HttpResponse<Buffer> r) {
        return r.bodyAsJsonObject().getJsonObject("error");
    }

    @Test
    void ensembleAnswersARecordedQuestionWithProvenance() throws Exception {
        var r = post("/v1/chat/completions", chat("symoe", RecordedPoolFixture.QUESTIONS.get(4), false).encode());
        assertEquals(200, r.statusCode(), r.bodyAsString());
        JsonObject body = r.bodyAsJsonObject();
        assertEquals("chat.completion", body.getString("object"));
        assertNotNull(r.getHeader(RequestIdHandler.HEADER));
        String content = body.getJsonArray("choices").getJsonObject(0).getJsonObject("message").getString("content");
        JsonObject symoe = body.getJsonObject("symoe");
        JsonArray experts = symoe.getJsonArray("experts");
        assertEquals(3, experts.size(), "k = 3 experts recruited");
        // Question 4: strong answers A (right); mid and weak answer B. The vote is 2:1 for B, so the ensemble
        // answers B and says so; the answer is whatever its aggregation decided, taken from the experts' texts.
        assertEquals("B", symoe.getString("answer"));
        assertTrue(content.contains("The answer is (B)"), content);
        assertEquals("majority-vote", symoe.getJsonObject("aggregation").getString("strategy"));
        assertTrue(symoe.getJsonObject("timings_ms").containsKey("total"));
        assertTrue(symoe.getJsonArray("skills").size() <= 10);
        // Replay mode: the asked question's own recorded outcome (skill q:104) is not used to route it.
        symoe.getJsonArray("skills").forEach(s -> assertTrue(!((JsonObject) s).getString("name").equals("q:104"), s.toString()));
    }

    @Test
    void namedPipelinesAreServedAsSymoeSlashName() throws Exception {
        var r = post("/v1/chat/completions", chat("symoe/cheap", RecordedPoolFixture.QUESTIONS.get(4), false).encode());
        assertEquals(200, r.statusCode(), r.bodyAsString());
        JsonObject symoe = r.bodyAsJsonObject().getJsonObject("symoe");
        assertEquals("cheap", symoe.getString("pipeline"));
        assertEquals(1, symoe.getJsonArray("experts").size(), "the cheap pipeline recruits one expert");
        JsonArray instances = new JsonArray().add(new JsonObject().put("id", "c1").put("text", RecordedPoolFixture.QUESTIONS.get(0)));
        var created = post("/v1/symoe/batches", new JsonObject().put("pipeline", "cheap").put("instances", instances).encode());
        assertEquals(202, created.statusCode(), created.bodyAsString());
        assertEquals(404, post("/v1/symoe/batches", new JsonObject().put("pipeline", "nope").put("instances", instances).encode())
                .statusCode());
    }

    @Test
    void votingCallsNoAggregatorModel() throws Exception {
        var r = post("/v1/chat/completions", chat("symoe", RecordedPoolFixture.QUESTIONS.get(0), false).encode());
        JsonObject symoe = r.bodyAsJsonObject().getJsonObject("symoe");
        // Question 0: strong and mid right (A), weak wrong (B): not unanimous. Vote says A.
        assertEquals("A", symoe.getString("answer"));
        assertTrue(symoe.getJsonObject("aggregation").getBoolean("aggregator_skipped"), "a vote calls no model");
    }

    @Test
    void streamingSendsOpenAiChunksThenDone() throws Exception {
        var plain = post("/v1/chat/completions", chat("symoe", RecordedPoolFixture.QUESTIONS.get(1), false).encode());
        var r = post("/v1/chat/completions", chat("symoe", RecordedPoolFixture.QUESTIONS.get(1), true).encode());
        assertEquals(200, r.statusCode());
        assertTrue(r.getHeader("content-type").startsWith("text/event-stream"));
        List<String> events = new ArrayList<>();
        for (String block : r.bodyAsString().split("\n\n")) {
            if (!block.isBlank()) {
                assertTrue(block.startsWith("data: "), block);
                events.add(block.substring(6));
            }
        }
        assertEquals("[DONE]", events.getLast());
        StringBuilder text = new StringBuilder();
        for (String e : events.subList(0, events.size() - 1)) {
            JsonObject chunk = new JsonObject(e);
            assertEquals("chat.completion.chunk", chunk.getString("object"));
            text.append(chunk.getJsonArray("choices").getJsonObject(0).getJsonObject("delta").getString("content", ""));
        }
        JsonObject last = new JsonObject(events.get(events.size() - 2));
        assertEquals("stop", last.getJsonArray("choices").getJsonObject(0).getString("finish_reason"));
        assertNotNull(last.getJsonObject("symoe"));
        assertEquals(plain.bodyAsJsonObject().getJsonArray("choices").getJsonObject(0).getJsonObject("message")
                .getString("content"), text.toString());
    }

    @Test
    void poolModelsPassStraightThrough() throws Exception {
        var r = post("/v1/chat/completions", chat("expert-weak", RecordedPoolFixture.QUESTIONS.get(2), false).encode());
        assertEquals(200, r.statusCode(), r.bodyAsString());
        JsonObject body = r.bodyAsJsonObject();
        assertEquals("expert-weak thinks step by step about it. The answer is (D).",
                body.getJsonArray("choices").getJsonObject(0).getJsonObject("message").getString("content"));
        // No ensemble provenance; the symoe object only says the replay's usage is an estimate.
        assertEquals(java.util.Set.of("usage"), body.getJsonObject("symoe").fieldNames());
    }

    @Test
    void errorsHaveOpenAiShapeAndStatus() throws Exception {
        var r = post("/v1/chat/completions", "{not json");
        assertEquals(400, r.statusCode());
        assertEquals("invalid_json", error(r).getString("code"));

        r = post("/v1/chat/completions", new JsonObject().put("model", "symoe").encode());
        assertEquals(400, r.statusCode());
        assertTrue(error(r).getString("message").contains("messages"), r.bodyAsString());

        r = post("/v1/chat/completions", new JsonObject().put("model", "symoe").put("messages", "hi").encode());
        assertEquals(400, r.statusCode());

        r = post("/v1/chat/completions", chat("gpt-17", "hello", false).encode());
        assertEquals(404, r.statusCode());
        assertEquals("model_not_found", error(r).getString("code"));

        r = post("/v1/chat/completions", chat("symoe/nope", "hello", false).encode());
        assertEquals(404, r.statusCode());

        r = post("/v1/chat/completions", chat("symoe", "x".repeat(70 * 1024), false).encode());
        assertEquals(413, r.statusCode());
        assertEquals("request_too_large", error(r).getString("code"));

        r = post("/v1/chat/completions", chat("expert-strong", "A question nobody recorded?", false).encode());
        assertEquals(404, r.statusCode(), r.bodyAsString());
        assertEquals("not_recorded", error(r).getString("code"));

        r = post("/v1/chat/completions", chat("symoe", "A question nobody recorded?", false).encode());
        assertEquals(404, r.statusCode(), r.bodyAsString());

        r = post("/v1/chat/completions", chat("symoe", "hi", false).put("n", 2).encode());
        assertEquals(400, r.statusCode());

        r = post("/v1/chat/completions", chat("symoe", "hi", false).put("temperature", "hot").encode());
        assertEquals(400, r.statusCode());
        assertEquals("invalid_request_error", error(r).getString("type"));
    }

    @Test
    void requestIdIsEchoed() throws Exception {
        var r = await(client.get(service.httpPort(), "127.0.0.1", "/health/live").putHeader("x-request-id", "abc-123").send());
        assertEquals("abc-123", r.getHeader("x-request-id"));
    }

    @Test
    void modelsListsThePoolAndThePipeline() throws Exception {
        JsonArray data = get("/v1/models").bodyAsJsonObject().getJsonArray("data");
        List<String> ids = new ArrayList<>();
        data.forEach(o -> ids.add(((JsonObject) o).getString("id")));
        assertTrue(ids.contains("symoe"));
        assertTrue(ids.contains("symoe/cheap"), ids.toString());
        assertTrue(ids.containsAll(RecordedPoolFixture.MODELS), ids.toString());
    }

    @Test
    void adminLoadsAndUnloadsModels() throws Exception {
        assertEquals(200, post("/admin/models/expert-mid/load", "").statusCode());
        JsonObject pool = get("/admin/pool").bodyAsJsonObject();
        assertTrue(pool.getJsonArray("resident").contains("expert-mid"));
        var r = post("/admin/models/expert-mid/unload", "");
        assertEquals(200, r.statusCode());
        assertEquals(false, r.bodyAsJsonObject().getBoolean("resident"));
        assertEquals(404, post("/admin/models/nope/load", "").statusCode());
    }

    @Test
    void batchesRunByExpertAndReportResults() throws Exception {
        JsonArray instances = new JsonArray();
        for (int i = 0; i < RecordedPoolFixture.QUESTIONS.size(); i++) {
            instances.add(new JsonObject().put("id", "b" + i).put("text", RecordedPoolFixture.QUESTIONS.get(i)));
        }
        var created = post("/v1/symoe/batches", new JsonObject().put("instances", instances).encode());
        assertEquals(202, created.statusCode(), created.bodyAsString());
        String id = created.bodyAsJsonObject().getString("id");
        JsonObject state;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        do {
            Thread.sleep(50);
            state = get("/v1/symoe/batches/" + id).bodyAsJsonObject();
            assertTrue(System.nanoTime() < deadline, "batch never finished: " + state);
        } while (state.getString("status").equals("running") || state.getString("status").equals("queued"));
        assertEquals("completed", state.getString("status"), state.encode());
        assertEquals(6, state.getInteger("completed"));
        JsonArray results = state.getJsonArray("results");
        assertEquals(6, results.size());
        assertEquals("A", results.getJsonObject(0).getString("answer"));
        assertTrue(state.getInteger("model_loads") <= 3, "each model loaded at most once: " + state.getInteger("model_loads"));
        assertEquals(404, get("/v1/symoe/batches/nope").statusCode());
        assertEquals(400, post("/v1/symoe/batches", "{\"instances\": []}").statusCode());
    }

    @Test
    void eventBusSolvesTheSameWay() throws Exception {
        var reply = service.vertx().eventBus().<JsonObject>request(EventBusApi.SOLVE,
                        new JsonObject().put("id", "eb-1").put("text", RecordedPoolFixture.QUESTIONS.get(2)))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals("eb-1", reply.body().getString("id"));
        assertNotNull(reply.body().getString("answer"));
        var bad = service.vertx().eventBus().request(EventBusApi.SOLVE, new JsonObject().put("text", ""))
                .toCompletionStage().toCompletableFuture();
        var e = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                () -> bad.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("text"), e.getCause().getMessage());
    }

    @Test
    void metricsExposeTheStagesAndRequests() throws Exception {
        post("/v1/chat/completions", chat("symoe", RecordedPoolFixture.QUESTIONS.get(3), false).encode());
        String metrics = get("/metrics").bodyAsString();
        assertTrue(metrics.contains("symoe_requests_total{"), metrics.substring(0, Math.min(500, metrics.length())));
        assertTrue(metrics.contains("symoe_stage_seconds_count{stage=\"total\""));
        assertTrue(metrics.contains("symoe_model_resident{"));
        assertTrue(metrics.contains("vertx_http_server_requests_total"));
    }

    @Test
    void anUnmodifiedOpenAiClientTalksToSymoe() {
        var model = dev.langchain4j.model.openai.OpenAiChatModel.builder()
                .baseUrl("http://127.0.0.1:" + service.httpPort() + "/v1")
                .apiKey("not-needed")
                .modelName("symoe")
                .timeout(Duration.ofSeconds(30))
                .build();
        String answer = model.chat(RecordedPoolFixture.QUESTIONS.get(0));
        assertTrue(answer.contains("The answer is (A)"), answer);
    }
}
