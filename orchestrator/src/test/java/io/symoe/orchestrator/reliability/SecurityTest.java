package io.symoe.orchestrator.reliability;

import io.symoe.core.BackendKind;
import io.symoe.core.ByteSize;
import io.symoe.core.config.BackendConfig;
import io.symoe.core.config.ModelConfig;
import io.symoe.core.config.PoolConfig;
import io.symoe.core.config.ServerConfig;
import io.symoe.core.config.SymoeConfig;
import io.symoe.orchestrator.SymoeService;
import io.symoe.orchestrator.config.ConfigLoader;
import io.symoe.orchestrator.http.ApiKeyAuth;
import io.symoe.orchestrator.testing.RecordedPoolFixture;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9, security: API keys on every API and admin route (near-miss keys refused, comparison constant-time),
 * the body-size limit (413), {@code max_tokens} bounds, and what a {@code local} backend with a traversing path
 * does.
 */
class SecurityTest {
    private static final String KEY = "sec-key-0123456789abcdef";
    private static final long MAX_BODY = 16 * 1024;
    @TempDir
    static Path dir;
    private static SymoeService service;
    private static WebClient client;

    @BeforeAll
    static void start() throws Exception {
        var server = new ServerConfig("127.0.0.1", 0, new ByteSize(MAX_BODY), Duration.ofSeconds(20), List.of(KEY),
                null, null, null, null);
        service = LoadTest.startReady(new SymoeConfig(server, null, null, null, null),
                RecordedPoolFixture.write(dir.resolve("rec")));
        client = WebClient.create(service.vertx());
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    private static HttpResponse<Buffer> send(HttpMethod method, String path, String auth, Buffer body) throws Exception {
        var req = client.request(method, service.httpPort(), "127.0.0.1", path);
        if (auth != null) {
            req.putHeader("Authorization", auth);
        }
        var f = body == null ? req.send() : req.putHeader("Content-Type", "application/json").sendBuffer(body);
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static Buffer chat(JsonObject extra) {
        JsonObject o = LoadTest.chat("symoe", RecordedPoolFixture.QUESTIONS.get(0));
        extra.forEach(e -> o.put(e.getKey(), e.getValue()));
        return o.toBuffer();
    }

    @Test
    void everyApiAndAdminRouteNeedsTheExactKey() throws Exception {
        record Route(HttpMethod method, String path, Buffer body) {}
        List<Route> routes = List.of(new Route(HttpMethod.GET, "/v1/models", null),
                new Route(HttpMethod.POST, "/v1/chat/completions", chat(new JsonObject())),
                new Route(HttpMethod.POST, "/v1/symoe/batches", Buffer.buffer("{}")),
                new Route(HttpMethod.GET, "/v1/symoe/batches/some-id", null),
                new Route(HttpMethod.GET, "/admin/pool", null),
                new Route(HttpMethod.POST, "/admin/models/expert-mid/load", null),
                new Route(HttpMethod.POST, "/admin/models/expert-mid/unload", null));
        List<String> badAuth = java.util.Arrays.asList(null, "", "Bearer", "Bearer ", "Bearer " + KEY.substring(0, KEY.length() - 1),
                "Bearer " + KEY + "0", "Bearer " + KEY.toUpperCase(), "Basic " + KEY, KEY, "Bearer " + KEY + " x");
        for (Route r : routes) {
            for (String auth : badAuth) {
                var resp = send(r.method(), r.path(), auth, r.body());
                assertEquals(401, resp.statusCode(), r + " with " + auth + ": " + resp.bodyAsString());
                assertEquals("invalid_api_key", resp.bodyAsJsonObject().getJsonObject("error").getString("code"));
            }
        }
        // The exact key passes (admin load of a pool model is a real load).
        assertEquals(200, send(HttpMethod.GET, "/admin/pool", "Bearer " + KEY, null).statusCode());
        assertEquals(200, send(HttpMethod.POST, "/v1/chat/completions", "bearer " + KEY, chat(new JsonObject())).statusCode(),
                "the scheme name is case-insensitive (RFC 7235)");
    }

    @Test
    void keysAreComparedInConstantTime() throws Exception {
        // A timing test would be flaky; instead check the comparison the class uses is MessageDigest.isEqual
        // (constant time in the position of the first difference) and not String.equals/Arrays.equals.
        byte[] classFile;
        try (InputStream in = ApiKeyAuth.class.getResourceAsStream("ApiKeyAuth.class")) {
            classFile = in.readAllBytes();
        }
        String constants = new String(classFile, StandardCharsets.ISO_8859_1);
        assertTrue(constants.contains("java/security/MessageDigest") && constants.contains("isEqual"),
                "ApiKeyAuth compares keys with MessageDigest.isEqual");
        assertFalse(constants.contains("java/util/Arrays") && constants.contains("mismatch"),
                "no early-exit comparison");
    }

    @Test
    void bodiesOverTheLimitAre413EvenWithoutAKeyCheckPassing() throws Exception {
        Buffer big = chat(new JsonObject().put("padding", "x".repeat((int) MAX_BODY)));
        var authorised = send(HttpMethod.POST, "/v1/chat/completions", "Bearer " + KEY, big);
        assertEquals(413, authorised.statusCode());
        assertEquals("request_too_large", authorised.bodyAsJsonObject().getJsonObject("error").getString("code"),
                authorised.bodyAsString());
        var batches = send(HttpMethod.POST, "/v1/symoe/batches", "Bearer " + KEY, big);
        assertEquals(413, batches.statusCode());
        // Without a key a large body is refused too (413 from the body limit, or 401): never processed.
        int anonymous = send(HttpMethod.POST, "/v1/chat/completions", null, big).statusCode();
        assertTrue(anonymous == 413 || anonymous == 401, "status " + anonymous);
    }

    @Test
    void maxTokensIsBounded() throws Exception {
        for (Object bad : new Object[] {0, -1, 1_000_001, 1.5, "10", Long.MAX_VALUE, 1e300, true}) {
            for (String field : List.of("max_tokens", "max_completion_tokens")) {
                var r = send(HttpMethod.POST, "/v1/chat/completions", "Bearer " + KEY, chat(new JsonObject().put(field, bad)));
                assertEquals(400, r.statusCode(), field + "=" + bad + ": " + r.bodyAsString());
                // The error names the field that was sent (issue 18: field paths), max_completion_tokens included.
                assertEquals(field, r.bodyAsJsonObject().getJsonObject("error").getString("param"), r.bodyAsString());
            }
        }
        assertEquals(200, send(HttpMethod.POST, "/v1/chat/completions", "Bearer " + KEY,
                chat(new JsonObject().put("max_tokens", 256))).statusCode());
    }

    /**
     * {@code local} backends: a model's file is looked up inside the backend's configured directory; a name that
     * climbs out ({@code ../}), is absolute, or is a symlink pointing out is refused at start, and a backend
     * directory that does not exist is a clear start-up error. Also checks a failed start fails promptly (it
     * used to hang: see SymoeService.start).
     */
    @Test
    void localBackendModelFilesMustStayInsideTheConfiguredDirectory() throws Exception {
        Path models = java.nio.file.Files.createDirectories(dir.resolve("local/models"));
        Path outside = java.nio.file.Files.writeString(dir.resolve("local/secret.gguf"), "not a model");
        java.nio.file.Files.createSymbolicLink(models.resolve("link.gguf"), outside);

        assertLocalStartRefused(models.toString(), "../secret", "resolves outside");
        assertLocalStartRefused(models.toString(), outside.toString(), "resolves outside");
        assertLocalStartRefused(models.toString(), "link", "resolves outside");
        assertLocalStartRefused(dir.resolve("no/such/../../etc").toString(), "passwd", "is not a readable directory");

        // The config loader itself accepts any path: the check is made when the backend is built.
        var loaded = new ConfigLoader().parse("""
                pool:
                  backends:
                    - id: disk
                      kind: local
                      path: ../../etc
                  models:
                    - id: passwd
                      backend: disk
                      remote-name: ../etc/passwd
                """, "traversal.yaml");
        assertEquals("../etc/passwd", loaded.pool().models().getFirst().remoteName());
    }

    private static void assertLocalStartRefused(String path, String remoteName, String why) {
        var pool = new PoolConfig(null, null,
                List.of(new BackendConfig("disk", BackendKind.LOCAL, null, null, path, null, null, null)),
                List.of(new ModelConfig("m", "disk", remoteName, null, null, null, null, null)));
        var server = new ServerConfig("127.0.0.1", 0, null, null, null);
        var e = assertThrows(ExecutionException.class, () -> SymoeService.start(new SymoeConfig(server, pool, null, null, null))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS), remoteName);
        assertTrue(String.valueOf(e.getCause().getMessage()).contains(why), remoteName + ": " + e.getCause());
    }
}
