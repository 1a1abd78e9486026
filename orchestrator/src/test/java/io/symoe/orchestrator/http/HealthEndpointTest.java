package io.symoe.orchestrator.http;

import io.symoe.core.ByteSize;
import io.symoe.core.config.ServerConfig;
import io.symoe.core.config.SymoeConfig;
import io.symoe.orchestrator.SymoeService;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The real service over loopback: a real HTTP server, a real client. */
class HealthEndpointTest {
    private static SymoeService service;
    private static WebClient client;

    @BeforeAll
    static void start() throws Exception {
        var server = new ServerConfig("127.0.0.1", 0, new ByteSize(256), Duration.ofSeconds(10), null);
        service = SymoeService.start(new SymoeConfig(server, null, null, null, null))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        client = WebClient.create(service.vertx());
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    private static HttpResponse<Buffer> send(io.vertx.core.Future<HttpResponse<Buffer>> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void liveAnswersUp() throws Exception {
        var r = send(client.get(service.httpPort(), "127.0.0.1", "/health/live").send());
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.getHeader("content-type"));
        assertEquals(new JsonObject().put("status", "UP"), r.bodyAsJsonObject());
    }

    @Test
    void unknownRouteIsAnOpenAiShapedError() throws Exception {
        var r = send(client.get(service.httpPort(), "127.0.0.1", "/nope").send());
        assertEquals(404, r.statusCode());
        JsonObject error = r.bodyAsJsonObject().getJsonObject("error");
        assertEquals("not_found", error.getString("code"));
        assertEquals("invalid_request_error", error.getString("type"));
        assertEquals("no route for GET /nope", error.getString("message"));
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        var r = send(client.post(service.httpPort(), "127.0.0.1", "/health/live")
                .sendBuffer(Buffer.buffer("x".repeat(1024))));
        assertEquals(413, r.statusCode());
        assertEquals("request_too_large", r.bodyAsJsonObject().getJsonObject("error").getString("code"));
    }
}
