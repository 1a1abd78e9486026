package io.symoe.orchestrator.http;

import io.symoe.core.ByteSize;
import io.symoe.core.config.ServerConfig;
import io.symoe.core.config.SymoeConfig;
import io.symoe.orchestrator.SymoeService;
import io.symoe.orchestrator.testing.RecordedPoolFixture;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** API keys and per-key rate limits on a real server over loopback. */
class ApiKeyTest {
    private static final String KEY = "key-0123456789abcdef";
    private static final String OTHER = "key-fedcba9876543210";
    @TempDir
    static Path dir;
    private static SymoeService service;
    private static WebClient client;

    @BeforeAll
    static void start() throws Exception {
        var server = new ServerConfig("127.0.0.1", 0, new ByteSize(64 * 1024), Duration.ofSeconds(20),
                List.of(KEY, OTHER), 1.0, 3, null, null);
        service = SymoeService.start(new SymoeConfig(server, null, null, null, null),
                        new SymoeService.Options(RecordedPoolFixture.write(dir.resolve("rec")), false))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        client = WebClient.create(service.vertx());
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    private static HttpResponse<Buffer> models(String auth) throws Exception {
        var req = client.get(service.httpPort(), "127.0.0.1", "/v1/models");
        if (auth != null) {
            req.putHeader("Authorization", auth);
        }
        return req.send().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void keysAreRequiredAndRateLimitedPerKey() throws Exception {
        var r = models(null);
        assertEquals(401, r.statusCode());
        assertEquals("invalid_api_key", r.bodyAsJsonObject().getJsonObject("error").getString("code"));
        assertEquals(401, models("Bearer key-0123456789abcdeX").statusCode());
        assertEquals(401, models("Basic " + KEY).statusCode());

        // Burst of 3 at 1 request/s: the fourth in a row is refused with Retry-After; the other key is unaffected.
        for (int i = 0; i < 3; i++) {
            assertEquals(200, models("Bearer " + KEY).statusCode());
        }
        var limited = models("Bearer " + KEY);
        assertEquals(429, limited.statusCode());
        assertNotNull(limited.getHeader("Retry-After"));
        assertEquals(200, models("Bearer " + OTHER).statusCode());

        // Health and metrics stay open for probes and scrapers.
        var live = client.get(service.httpPort(), "127.0.0.1", "/health/live").send()
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(200, live.statusCode());
    }

    @Test
    void theKeyIsCheckedBeforeTheBodyIsRead() throws Exception {
        // An oversized body without a key is refused for the key (401), not buffered up to the limit first (413).
        var r = client.post(service.httpPort(), "127.0.0.1", "/v1/chat/completions")
                .sendBuffer(io.vertx.core.buffer.Buffer.buffer("x".repeat(200 * 1024)))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(401, r.statusCode());
    }

    @Test
    void adminNeedsAKeyToo() throws Exception {
        var r = client.get(service.httpPort(), "127.0.0.1", "/admin/pool").send()
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(401, r.statusCode());
        assertEquals("invalid_request_error", r.bodyAsJsonObject().getJsonObject("error").getString("type"));
        var ok = client.get(service.httpPort(), "127.0.0.1", "/admin/pool").putHeader("Authorization", "Bearer " + OTHER)
                .send().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(200, ok.statusCode());
        assertNotNull(new JsonObject(ok.bodyAsString()).getJsonObject("memory"));
    }
}
