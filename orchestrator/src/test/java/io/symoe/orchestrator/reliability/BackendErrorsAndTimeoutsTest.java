package io.symoe.orchestrator.reliability;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.symoe.core.BackendKind;
import io.symoe.core.ByteSize;
import io.symoe.core.config.BackendConfig;
import io.symoe.core.config.ModelConfig;
import io.symoe.core.config.PoolConfig;
import io.symoe.core.config.ServerConfig;
import io.symoe.core.config.SymoeConfig;
import io.symoe.core.generation.Generation;
import io.symoe.core.generation.GenerationException;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Prompt;
import io.symoe.modelpool.pool.ModelPool;
import io.symoe.modelpool.pool.ModelPoolFactory;
import io.symoe.modelpool.resilience.BackendResilience;
import io.symoe.modelpool.resilience.ResilienceSettings;
import io.symoe.orchestrator.SymoeService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9, faults: an OpenAI-compatible backend (a real child JVM) that answers 500s, then hangs, then recovers.
 * Retries happen, the breaker opens, every call ends (success or a {@link GenerationException} naming the model)
 * within a bound, and once the server is healthy the breaker closes again.
 */
class BackendErrorsAndTimeoutsTest {
    private static final String MODEL = "flaky-model";

    @Test
    void breakerOpensOnErrorsAndTimeoutsAndClosesWhenTheServerRecovers() throws Exception {
        Vertx vertx = Vertx.vertx();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (ChildProcess server = ChildProcess.start(OpenAiTestServer.class, MODEL)) {
            warmUp(server.port());
            // The pool as the service builds it, with short backoff and breaker times so the test is quick.
            var backend = new BackendConfig("flaky", BackendKind.OPENAI, URI.create("http://127.0.0.1:" + server.port()),
                    null, null, Duration.ofMillis(400), 4, 2);
            var poolConfig = new PoolConfig(null, null, List.of(backend),
                    List.of(new ModelConfig(MODEL, "flaky", null, null, null, null, null, null)));
            BackendResilience resilience = new BackendResilience();
            ResilienceSettings settings = ResilienceSettings.DEFAULTS.withBackoff(Duration.ofMillis(20), Duration.ofMillis(100))
                    .withBreaker(10, 5, 50f, Duration.ofSeconds(1));
            ModelPool pool = ModelPoolFactory.create(poolConfig, vertx, resilience, timer,
                    new ModelPoolFactory.Options(false, 1.0, settings, null));
            try {
                Outcomes first = outcomes(pool, 1);
                assertEquals(1, first.ok, "healthy at first: " + first.messages);

                // 500s: each call is retried (2 retries), fails as transient, and the breaker opens.
                server.setMode(new JsonObject().put("mode", "error-500"));
                long before = server.calls();
                Outcomes single = outcomes(pool, 1);
                assertEquals(1, single.failed);
                assertEquals(3, server.calls() - before, "one call = the first attempt + 2 retries at the server");
                Outcomes errors = outcomes(pool, 12);
                System.out.println("[fault] 500s: " + errors);
                assertEquals(0, errors.ok);
                assertEquals(12, errors.failed, "every call ends with a GenerationException");
                assertEquals(CircuitBreaker.State.OPEN, resilience.breakerState("flaky"));
                assertTrue(errors.messages.stream().anyMatch(m -> m.contains("circuit breaker of backend flaky is open")),
                        errors.messages.toString());

                // Hangs: after the breaker's wait its probes time out (400 ms limit) and it opens again.
                server.setMode(new JsonObject().put("mode", "hang"));
                Thread.sleep(1_100);
                Outcomes hangs = outcomes(pool, 4);
                System.out.println("[fault] hangs: " + hangs);
                assertEquals(4, hangs.failed);
                assertTrue(hangs.messages.stream().anyMatch(m -> m.contains("timed out")), hangs.messages.toString());
                assertEquals(CircuitBreaker.State.OPEN, resilience.breakerState("flaky"));

                // Recovery: once the wait is over, probes succeed and the breaker closes.
                server.setMode(new JsonObject().put("mode", "ok"));
                Thread.sleep(1_100);
                Outcomes healed = outcomes(pool, 6);
                System.out.println("[fault] recovered: " + healed + ", breaker " + resilience.breakerState("flaky"));
                assertTrue(healed.ok >= 3, healed.toString());
                assertEquals(CircuitBreaker.State.CLOSED, resilience.breakerState("flaky"));
                assertEquals(6, outcomes(pool, 6).ok, "fully healthy again");
            } finally {
                pool.close();
            }
        } finally {
            timer.shutdownNow();
            vertx.close();
        }
    }

    /** Through the service: a backend answering 500s gives clear 5xx errors with OpenAI error bodies, never a hang. */
    @Test
    void serviceAnswersClearErrorsWhileTheBackendFails() throws Exception {
        try (ChildProcess server = ChildProcess.start(OpenAiTestServer.class, MODEL);
             LoadDriver driver = new LoadDriver(64)) {
            server.setMode(new JsonObject().put("mode", "error-500"));
            var backend = new BackendConfig("flaky", BackendKind.OPENAI, URI.create("http://127.0.0.1:" + server.port()),
                    null, null, Duration.ofSeconds(2), 4, 1);
            var pool = new PoolConfig(null, null, List.of(backend),
                    List.of(new ModelConfig(MODEL, "flaky", null, null, null, null, null, null)));
            var serverConfig = new ServerConfig("127.0.0.1", 0, new ByteSize(64 * 1024), Duration.ofSeconds(20), null);
            try (SymoeService symoe = SymoeService.start(new SymoeConfig(serverConfig, pool, null, null, null))
                    .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS)) {
                LoadDriver.Result r = driver.burst(symoe.httpPort(), "/v1/chat/completions", 40,
                        i -> LoadTest.chat(MODEL, "hello " + i).encode(), 30_000);
                System.out.println("[fault] service over a 500ing backend: " + r.summary());
                assertEquals(0, r.lost());
                for (int i = 0; i < r.codes().length; i++) {
                    assertTrue(r.codes()[i] == 502 || r.codes()[i] == 503, r.codes()[i] + " " + r.bodies()[i]);
                    JsonObject err = new JsonObject(r.bodies()[i]).getJsonObject("error");
                    assertEquals("server_error", err.getString("type"));
                    assertNotNull(err.getString("code"));
                }
                String metrics = symoe.metrics().scrape();
                assertTrue(metrics.contains("resilience4j_circuitbreaker_state{name=\"flaky\",state=\"open\"} 1.0"),
                        "the open breaker is visible in /metrics");
            }
        }
    }

    /**
     * A fresh child JVM answers its first requests slowly (class loading, JIT); on a cold CI machine that alone
     * exceeded the 400 ms limit this test gives the backend. A few direct requests with a generous limit first.
     */
    private static void warmUp(int port) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        String body = new JsonObject().put("model", MODEL).put("messages", new io.vertx.core.json.JsonArray()
                .add(new JsonObject().put("role", "user").put("content", "warm up"))).encode();
        for (int i = 0; i < 5; i++) {
            http.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                    .timeout(Duration.ofSeconds(10)).header("content-type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
        }
    }

    private record Outcomes(int ok, int failed, List<String> messages) {}

    private static Outcomes outcomes(ModelPool pool, int calls) throws Exception {
        List<CompletableFuture<List<Generation>>> fs = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            fs.add(pool.generate(MODEL, List.of(Prompt.ofUser("q" + i, "hello")), GenerationParams.GREEDY)
                    .toCompletableFuture());
        }
        int ok = 0;
        int failed = 0;
        List<String> messages = new ArrayList<>();
        for (var f : fs) {
            try {
                f.get(10, TimeUnit.SECONDS); // a call that never ends fails the test here
                ok++;
            } catch (ExecutionException e) {
                Throwable c = e.getCause() instanceof java.util.concurrent.CompletionException ce ? ce.getCause() : e.getCause();
                GenerationException g = assertInstanceOf(GenerationException.class, c);
                assertTrue(g.getMessage().contains(MODEL) || g.getMessage().contains("flaky"), g.getMessage());
                messages.add(g.getMessage());
                failed++;
            }
        }
        return new Outcomes(ok, failed, messages);
    }
}
