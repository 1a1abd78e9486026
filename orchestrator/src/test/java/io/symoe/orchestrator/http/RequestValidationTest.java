package io.symoe.orchestrator.http;

import io.symoe.core.config.SymoeConfig;
import io.symoe.orchestrator.SymoeService;
import io.symoe.orchestrator.eventbus.EventBusApi;
import io.symoe.orchestrator.pipeline.AnswerInstructions;
import io.symoe.orchestrator.testing.ReadyService;
import io.symoe.orchestrator.testing.RecordedPoolFixture;
import io.symoe.orchestrator.usage.TokenEstimator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18 over real HTTP on loopback against a real replay pool: every non-object body is a 400 on every JSON
 * endpoint, wrong types at every level name their field path, OpenAI's content parts are accepted, wrong methods
 * are 405 with {@code Allow}, replay answers carry estimated (not zero) usage, and the event bus always replies.
 */
class RequestValidationTest {
    @TempDir
    static Path dir;
    private static SymoeService service;
    private static WebClient client;

    @BeforeAll
    static void start() throws Exception {
        service = ReadyService.start(new SymoeConfig(ReadyService.loopback(), null, null, null, null),
                new SymoeService.Options(RecordedPoolFixture.write(dir.resolve("rec")), false));
        client = WebClient.create(service.vertx());
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    private static HttpResponse<Buffer> send(HttpMethod method, String path, String body) throws Exception {
        var req = client.request(method, service.httpPort(), "127.0.0.1", path).putHeader("content-type", "application/json");
        return (body == null ? req.send() : req.sendBuffer(Buffer.buffer(body)))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static HttpResponse<Buffer> post(String path, String body) throws Exception {
        return send(HttpMethod.POST, path, body);
    }

    private static JsonObject chat(Object content) {
        return new JsonObject().put("model", "symoe")
                .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", content)));
    }

    private static JsonObject error(HttpResponse<Buffer> r) {
        return r.bodyAsJsonObject().getJsonObject("error");
    }

    @Test
    void everyTopLevelValueThatIsNotAnObjectIs400InvalidJsonOnEveryJsonEndpoint() throws Exception {
        List<String> bodies = List.of("[]", "[1, 2]", "[[[]]]", "[{}]", "0", "-1.5", "1e400", "\"hello\"", "true",
                "false", "null", "   ");
        List<String> paths = List.of("/v1/chat/completions", "/v1/symoe/batches", "/admin/models/expert-mid/load",
                "/admin/models/expert-mid/unload");
        for (String path : paths) {
            for (String body : bodies) {
                if (body.isBlank() && path.startsWith("/admin")) {
                    continue; // admin actions take no body: an empty one is fine there
                }
                var r = post(path, body);
                String where = "POST " + path + " " + body + ": " + r.bodyAsString();
                assertEquals(400, r.statusCode(), where);
                assertEquals("invalid_json", error(r).getString("code"), where);
                assertEquals("invalid_request_error", error(r).getString("type"), where);
                assertTrue(error(r).getString("message").contains("JSON"), where);
            }
        }
        assertEquals("request body must be a JSON object, got an array",
                error(post("/v1/chat/completions", "[]")).getString("message"));
    }

    @Test
    void wrongTypesAtEveryLevelAre400sNamingTheFieldPath() throws Exception {
        String q = RecordedPoolFixture.QUESTIONS.get(0);
        Map<String, JsonObject> chats = new LinkedHashMap<>();
        chats.put("messages", new JsonObject().put("model", "symoe").put("messages", "hi"));
        chats.put("messages[0]", new JsonObject().put("model", "symoe").put("messages", new JsonArray().add("hi")));
        chats.put("messages[0].content", chat(5));
        chats.put("messages[0].content[0]", chat(new JsonArray().add(5)));
        chats.put("messages[0].content[0].type", chat(new JsonArray().add(new JsonObject().put("type", "image_url"))));
        chats.put("messages[0].content[1].text", chat(new JsonArray().add(new JsonObject().put("type", "text").put("text", q))
                .add(new JsonObject().put("type", "text").put("text", false))));
        chats.put("messages[0].role", new JsonObject().put("model", "symoe").put("messages",
                new JsonArray().add(new JsonObject().put("role", "wizard").put("content", q))));
        chats.put("model", chat(q).put("model", 7));
        chats.put("stop", chat(q).put("stop", new JsonObject()));
        chats.put("stop[1]", chat(q).put("stop", new JsonArray().add("x").add(3)));
        chats.put("max_tokens", chat(q).put("max_tokens", -1));
        chats.put("max_completion_tokens", chat(q).put("max_completion_tokens", 1e12));
        chats.put("n", chat(q).put("n", 2));
        chats.put("temperature", chat(q).put("temperature", "hot"));
        chats.put("stream", chat(q).put("stream", "yes"));
        chats.put("symoe", chat(q).put("symoe", "multiple-choice"));
        chats.put("symoe.task", chat(q).put("symoe", new JsonObject().put("task", 5)));
        chats.put("symoe.task.name", chat(q).put("symoe", new JsonObject().put("task", new JsonObject().put("name", "")
                .put("format", "integer"))));
        chats.put("symoe.task.format", chat(q).put("symoe", new JsonObject().put("task", new JsonObject().put("name", "t")
                .put("format", "essay"))));
        chats.put("symoe.task.options", chat(q).put("symoe", new JsonObject().put("task", new JsonObject().put("name", "t")
                .put("format", "multiple-choice").put("options", 2.5))));
        for (var e : chats.entrySet()) {
            assertFieldError("/v1/chat/completions", e.getValue().encode(), e.getKey());
        }
        // Found by the long fuzz run as 500s: text that is no question, or no valid Unicode.
        assertFieldError("/v1/chat/completions", chat(" \u0000\t\u200b ").encode(), "messages[0].content");
        assertFieldError("/v1/chat/completions", chat("\\ud800 lone").encode().replace("\\\\ud800", "\\ud800"),
                "messages[0].content");

        JsonObject instance = new JsonObject().put("id", "a").put("text", q);
        Map<String, JsonObject> batches = new LinkedHashMap<>();
        batches.put("instances", new JsonObject().put("instances", new JsonObject()));
        batches.put("instances[0]", new JsonObject().put("instances", new JsonArray().add("text")));
        batches.put("instances[0].text", new JsonObject().put("instances", new JsonArray().add(instance.copy().put("text", 5))));
        batches.put("instances[0].id", new JsonObject().put("instances", new JsonArray().add(instance.copy().put("id", List.of()))));
        batches.put("instances[1].symoe", new JsonObject().put("instances", new JsonArray().add(instance)
                .add(instance.copy().put("id", "b").put("symoe", new JsonArray()))));
        batches.put("pipeline", new JsonObject().put("instances", new JsonArray().add(instance)).put("pipeline", 5));
        for (var e : batches.entrySet()) {
            assertFieldError("/v1/symoe/batches", e.getValue().encode(), e.getKey());
        }
    }

    private static void assertFieldError(String path, String body, String param) throws Exception {
        var r = post(path, body);
        String where = param + " <- " + body + ": " + r.bodyAsString();
        assertEquals(400, r.statusCode(), where);
        JsonObject err = error(r);
        assertEquals("invalid_value", err.getString("code"), where);
        assertEquals(param, err.getString("param"), where);
        assertTrue(err.getString("message").startsWith(param + " "), where);
    }

    @Test
    void openAiContentPartsAreAcceptedAsOfficialClientsSendThem() throws Exception {
        String q = RecordedPoolFixture.QUESTIONS.get(0);
        var plain = post("/v1/chat/completions", chat(q).encode());
        var parts = post("/v1/chat/completions", new JsonObject().put("model", "symoe").put("messages", new JsonArray()
                .add(new JsonObject().put("role", "system").put("content", new JsonArray()
                        .add(new JsonObject().put("type", "text").put("text", "Be brief."))))
                .add(new JsonObject().put("role", "user").put("content", new JsonArray()
                        .add(new JsonObject().put("type", "text").put("text", q))))).encode());
        assertEquals(200, plain.statusCode(), plain.bodyAsString());
        assertEquals(200, parts.statusCode(), parts.bodyAsString());
        assertEquals(plain.bodyAsJsonObject().getJsonObject("symoe").getString("answer"),
                parts.bodyAsJsonObject().getJsonObject("symoe").getString("answer"));
    }

    @Test
    void aKnownPathWithTheWrongMethodIs405WithAllow() throws Exception {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("GET /v1/chat/completions", "POST");
        cases.put("DELETE /v1/models", "GET");
        cases.put("PUT /v1/symoe/batches", "POST");
        cases.put("POST /v1/symoe/batches/batch-1", "GET");
        cases.put("GET /admin/models/expert-mid/load", "POST");
        cases.put("POST /health/ready", "GET");
        for (var c : cases.entrySet()) {
            String[] mp = c.getKey().split(" ");
            var r = send(HttpMethod.valueOf(mp[0]), mp[1], null);
            assertEquals(405, r.statusCode(), c.getKey() + ": " + r.bodyAsString());
            assertEquals(c.getValue(), r.getHeader("Allow"), c.getKey());
            assertEquals("method_not_allowed", error(r).getString("code"), c.getKey());
            assertTrue(error(r).getString("message").contains(c.getValue()), r.bodyAsString());
        }
        assertEquals(404, send(HttpMethod.GET, "/v1/no-such-thing", null).statusCode());
    }

    @Test
    void replayAnswersCarryTokenizerEstimatesLabelledAsSuchNeverZeros() throws Exception {
        TokenEstimator tokens = TokenEstimator.shared();
        String q = RecordedPoolFixture.QUESTIONS.get(4);
        var r = post("/v1/chat/completions", chat(q).encode());
        assertEquals(200, r.statusCode(), r.bodyAsString());
        JsonObject body = r.bodyAsJsonObject();
        JsonObject usage = body.getJsonObject("usage");
        JsonObject symoe = body.getJsonObject("symoe");
        assertEquals(new JsonObject().put("source", "estimated").put("method", "minilm-wordpiece"), symoe.getJsonObject("usage"));
        // The fixture's recorded texts are known, so the estimate is checked against the tokenizer itself.
        int completion = 0;
        for (Object o : symoe.getJsonArray("experts")) {
            JsonObject e = (JsonObject) o;
            int expert = tokens.count(e.getString("answered_by") + " thinks step by step about it. The answer is ("
                    + e.getString("answer") + ").");
            assertEquals(expert, e.getInteger("completion_tokens"), "each expert's count is the same estimate: " + e);
            completion += expert;
        }
        int experts = symoe.getJsonArray("experts").size();
        int prompt = experts * (tokens.count(AnswerInstructions.forFormat(HttpApiVerticle.DEFAULT_TASK.answerFormat()))
                + tokens.count(q));
        assertTrue(completion > 0 && prompt > 0);
        assertEquals(prompt, usage.getInteger("prompt_tokens"), usage.encode());
        assertEquals(completion, usage.getInteger("completion_tokens"), usage.encode());
        assertEquals(prompt + completion, usage.getInteger("total_tokens"));

        var pass = post("/v1/chat/completions", chat(q).put("model", "expert-weak").encode()).bodyAsJsonObject();
        String text = pass.getJsonArray("choices").getJsonObject(0).getJsonObject("message").getString("content");
        assertEquals(tokens.count(text), pass.getJsonObject("usage").getInteger("completion_tokens"));
        assertEquals(tokens.count(q), pass.getJsonObject("usage").getInteger("prompt_tokens"));
        assertEquals("estimated", pass.getJsonObject("symoe").getJsonObject("usage").getString("source"));
    }

    @Test
    void theEventBusAlwaysRepliesWithAClearFailure() throws Exception {
        Map<Object, Integer> bad = new LinkedHashMap<>();
        bad.put("just a string", 400);
        bad.put(42, 400);
        bad.put(new JsonArray().add("x"), 400);
        bad.put(new JsonObject().put("text", 5), 400);
        bad.put(new JsonObject().put("text", " \u0001 "), 400);
        bad.put(new JsonObject().put("text", "lone \ud800 surrogate"), 400);
        bad.put(new JsonObject().put("text", "Q?").put("symoe", "x"), 400);
        bad.put(new JsonObject().put("text", "Q?").put("id", 5), 400);
        bad.put(new JsonObject().put("text", "A question nobody recorded?"), 404);
        for (var e : bad.entrySet()) {
            var f = service.vertx().eventBus().request(EventBusApi.SOLVE, e.getKey())
                    .toCompletionStage().toCompletableFuture();
            ExecutionException ex = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> f.get(15, TimeUnit.SECONDS), String.valueOf(e.getKey()));
            ReplyException reply = assertInstanceOf(ReplyException.class, ex.getCause(), String.valueOf(e.getKey()));
            assertEquals(e.getValue(), reply.failureCode(), e.getKey() + ": " + reply.getMessage());
            assertNotNull(reply.getMessage());
        }
        var ok = service.vertx().eventBus().<JsonObject>request(EventBusApi.SOLVE,
                        new JsonObject().put("text", RecordedPoolFixture.QUESTIONS.get(1)))
                .toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
        assertNotNull(ok.body().getString("answer"));
    }
}
