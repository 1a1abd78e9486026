package io.symoe.orchestrator.service;

import io.symoe.core.BackendKind;
import io.symoe.core.config.ModelConfig;
import io.symoe.core.config.PoolConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Discovery against a real HTTP server on loopback answering {@code /v1/models}, and against a closed port. */
class LocalServerDiscoveryTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void addsTheModelsOfServersThatAnswerAndSkipsTheRest() throws Exception {
        HttpServer server = vertx.createHttpServer().requestHandler(req -> req.response()
                        .putHeader("content-type", "application/json")
                        .end(new JsonObject().put("object", "list").put("data", new JsonArray()
                                .add(new JsonObject().put("id", "qwen2.5:7b")).add(new JsonObject().put("id", "llama3.1:8b")))
                                .encode()))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        int closedPort;
        try (var s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        PoolConfig p = LocalServerDiscovery.discover(PoolConfig.empty(), List.of(
                new LocalServerDiscovery.Candidate("ollama", BackendKind.OLLAMA, URI.create("http://127.0.0.1:" + server.actualPort())),
                new LocalServerDiscovery.Candidate("vllm", BackendKind.OPENAI, URI.create("http://127.0.0.1:" + closedPort))),
                Duration.ofMillis(500));
        assertEquals(List.of("ollama"), p.backends().stream().map(b -> b.id()).toList());
        assertEquals(List.of("qwen2.5:7b", "llama3.1:8b"), p.models().stream().map(ModelConfig::id).toList());
        assertEquals("ollama", p.models().getFirst().backend());
    }
}
