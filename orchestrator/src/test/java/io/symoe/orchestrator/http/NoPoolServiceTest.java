package io.symoe.orchestrator.http;

import io.symoe.core.ByteSize;
import io.symoe.core.config.ServerConfig;
import io.symoe.core.config.SymoeConfig;
import io.symoe.orchestrator.SymoeService;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20 items 1 and 2 on the real service with no models (the embedded default on a bare host), over loopback:
 * the chat 503 gives readiness's own reason and how to add models, and expected refusals are logged as one line
 * with the request id, never as SEVERE with a stack trace.
 */
class NoPoolServiceTest {
    private static SymoeService service;
    private static WebClient client;
    /** The failure handler logs through System.Logger, which lands in java.util.logging by default. */
    private static final Logger FAILURES = Logger.getLogger(ApiFailureHandler.class.getName());
    private static final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private static final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private static Level previous;

    @BeforeAll
    static void start() throws Exception {
        previous = FAILURES.getLevel();
        FAILURES.setLevel(Level.ALL);
        capture.setLevel(Level.ALL);
        FAILURES.addHandler(capture);
        var server = new ServerConfig("127.0.0.1", 0, new ByteSize(64 * 1024), Duration.ofSeconds(10), null);
        service = SymoeService.start(new SymoeConfig(server, null, null, null, null))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        client = WebClient.create(service.vertx());
    }

    @AfterAll
    static void stop() {
        FAILURES.removeHandler(capture);
        FAILURES.setLevel(previous);
        if (service != null) {
            service.close();
        }
    }

    private static HttpResponse<Buffer> post(String path, String body, String requestId) throws Exception {
        return client.post(service.httpPort(), "127.0.0.1", path).putHeader("content-type", "application/json")
                .putHeader(RequestIdHandler.HEADER, requestId).sendBuffer(Buffer.buffer(body))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static List<LogRecord> about(String requestId) {
        return records.stream().filter(r -> r.getMessage() != null && r.getMessage().contains(requestId)).toList();
    }

    @Test
    void chatWithoutModelsGivesReadinessReasonAndHowToAddModels() throws Exception {
        String ready = client.get(service.httpPort(), "127.0.0.1", "/health/ready").send()
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).bodyAsJsonObject().getString("detail");
        assertTrue(ready.startsWith("no models"), ready);
        JsonObject chat = new JsonObject().put("model", "symoe").put("messages", new JsonArray()
                .add(new JsonObject().put("role", "user").put("content", "What is 2 + 2?")));
        var r = post("/v1/chat/completions", chat.encode(), "no-pool-1");
        assertEquals(503, r.statusCode(), r.bodyAsString());
        JsonObject error = r.bodyAsJsonObject().getJsonObject("error");
        assertEquals("not_ready", error.getString("code"));
        String message = error.getString("message");
        assertTrue(message.contains(ready), message);
        assertTrue(!message.contains("still loading"), "it will never finish loading: " + message);
        for (String how : List.of("GGUF", "pool.backends", "ops/config/symoe.yaml", "--replay")) {
            assertTrue(message.contains(how), "says how to add models (" + how + "): " + message);
        }
    }

    /** A batch is refused at once with the same reason as chat and /health/ready, never "still loading". */
    @Test
    void batchWithoutModelsGivesTheSameReasonAsChat() throws Exception {
        String ready = client.get(service.httpPort(), "127.0.0.1", "/health/ready").send()
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).bodyAsJsonObject().getString("detail");
        JsonObject batch = new JsonObject().put("instances", new JsonArray()
                .add(new JsonObject().put("id", "q1").put("text", "What is 2 + 2?")));
        var r = post("/v1/symoe/batches", batch.encode(), "no-pool-batch");
        assertEquals(503, r.statusCode(), r.bodyAsString());
        JsonObject error = r.bodyAsJsonObject().getJsonObject("error");
        assertEquals("not_ready", error.getString("code"));
        String message = error.getString("message");
        assertTrue(message.contains(ready), message);
        assertTrue(!message.contains("still loading"), message);
        JsonObject chat = new JsonObject().put("model", "symoe").put("messages", new JsonArray()
                .add(new JsonObject().put("role", "user").put("content", "What is 2 + 2?")));
        assertEquals(post("/v1/chat/completions", chat.encode(), "no-pool-chat").bodyAsJsonObject()
                .getJsonObject("error").getString("message"), message, "batch and chat give the same 503 text");
    }

    @Test
    void expectedRefusalsAreOneLineWithTheRequestIdNeverSevere() throws Exception {
        JsonObject chat = new JsonObject().put("model", "symoe").put("messages", new JsonArray()
                .add(new JsonObject().put("role", "user").put("content", "What is 2 + 2?")));
        assertEquals(503, post("/v1/chat/completions", chat.encode(), "log-503").statusCode());
        assertEquals(400, post("/v1/chat/completions", "[]", "log-400").statusCode());
        assertEquals(404, post("/v1/chat/completions", chat.copy().put("model", "gpt-17").encode(), "log-404").statusCode());

        List<LogRecord> unavailable = about("log-503");
        assertEquals(1, unavailable.size(), "one line per refused request: " + unavailable);
        assertEquals(Level.INFO, unavailable.getFirst().getLevel());
        assertNull(unavailable.getFirst().getThrown(), "no stack trace for an expected 503");
        assertTrue(unavailable.getFirst().getMessage().contains("503 not_ready"), unavailable.getFirst().getMessage());
        for (String id : List.of("log-400", "log-404")) {
            List<LogRecord> lines = about(id);
            assertEquals(1, lines.size(), id + ": " + lines);
            assertEquals(Level.FINE, lines.getFirst().getLevel(), "a client error is DEBUG: " + id);
            assertNull(lines.getFirst().getThrown(), id);
        }
        assertTrue(records.stream().noneMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue()),
                "nothing above INFO for expected outcomes: " + records.stream().map(LogRecord::getMessage).toList());
    }
}
