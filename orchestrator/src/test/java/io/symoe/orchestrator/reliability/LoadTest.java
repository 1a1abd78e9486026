package io.symoe.orchestrator.reliability;

import io.symoe.core.ByteSize;
import io.symoe.core.config.ServerConfig;
import io.symoe.core.config.SymoeConfig;
import io.symoe.orchestrator.SymoeService;
import io.symoe.orchestrator.testing.RecordedPoolFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 9, load: 1 000 concurrent ensemble chat completions against the real service on a real replay pool
 * (real routing with MiniLM embeddings, the online dispatcher, the aggregator) over loopback. Every request must
 * end 200 — no error, none lost. Latency is printed, not asserted (timings belong in benchmarks, not tests).
 */
class LoadTest {
    static final int REQUESTS = 1_000;
    @TempDir
    Path dir;

    static JsonObject chat(String model, String question) {
        return new JsonObject().put("model", model)
                .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", question)));
    }

    static SymoeService startReady(SymoeConfig config, Path replay) throws Exception {
        SymoeService s = SymoeService.start(config, new SymoeService.Options(replay, false))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!s.services().ready()) {
            if (System.nanoTime() > deadline) {
                s.close();
                throw new AssertionError("service never became ready: " + s.services().readiness());
            }
            Thread.sleep(100);
        }
        return s;
    }

    @Test
    void thousandConcurrentEnsembleRequestsAllSucceed() throws Exception {
        Path rec = RecordedPoolFixture.write(dir.resolve("rec"));
        // Default admission (256 in flight + 4096 queued) admits all 1 000 at once.
        var server = new ServerConfig("127.0.0.1", 0, new ByteSize(64 * 1024), Duration.ofSeconds(120), null);
        try (SymoeService service = startReady(new SymoeConfig(server, null, null, null, null), rec);
             LoadDriver driver = new LoadDriver(REQUESTS)) {
            int n = RecordedPoolFixture.QUESTIONS.size();
            // Warm-up (JIT, embedding model, connections) is not part of the measured run.
            driver.burst(service.httpPort(), "/v1/chat/completions", 50,
                    i -> chat("symoe", RecordedPoolFixture.QUESTIONS.get(i % n)).encode(), 60_000);
            LoadDriver.Result r = driver.burst(service.httpPort(), "/v1/chat/completions", REQUESTS,
                    i -> chat("symoe", RecordedPoolFixture.QUESTIONS.get(i % n)).encode(), 120_000);
            System.out.println("[load] " + REQUESTS + " concurrent ensemble requests, replay pool, "
                    + Runtime.getRuntime().availableProcessors() + " cores: " + r.summary());
            assertEquals(0, r.lost(), "lost requests: " + r.summary());
            assertEquals(0, r.errors(), "errors: " + r.summary());
            assertEquals(REQUESTS, r.ok());
        }
    }

    /** Beyond server.max-in-flight + server.max-queued the answer is an immediate 429 with Retry-After, never a loss. */
    @Test
    void overAdmissionIsRefusedWith429NotLost() throws Exception {
        Path rec = RecordedPoolFixture.write(dir.resolve("rec2"));
        var server = new ServerConfig("127.0.0.1", 0, new ByteSize(64 * 1024), Duration.ofSeconds(120), null,
                null, null, 20, 30);
        try (SymoeService service = startReady(new SymoeConfig(server, null, null, null, null), rec);
             LoadDriver driver = new LoadDriver(REQUESTS)) {
            int n = RecordedPoolFixture.QUESTIONS.size();
            LoadDriver.Result r = driver.burst(service.httpPort(), "/v1/chat/completions", REQUESTS,
                    i -> chat("symoe", RecordedPoolFixture.QUESTIONS.get(i % n)).encode(), 120_000);
            System.out.println("[load] " + REQUESTS + " concurrent, admission limit 50: " + r.summary());
            assertEquals(0, r.lost(), r.summary());
            assertEquals(REQUESTS, r.ok() + r.statuses().getOrDefault(429, 0), "only 200 or 429: " + r.summary());
            org.junit.jupiter.api.Assertions.assertTrue(r.statuses().getOrDefault(429, 0) > 0, r.summary());
            for (int i = 0; i < REQUESTS; i++) {
                if (r.codes()[i] == 429) {
                    assertEquals("overloaded", new JsonObject(r.bodies()[i]).getJsonObject("error").getString("code"));
                }
            }
        }
    }
}
