package io.symoe.modelpool.backend.openai;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.symoe.core.BackendKind;
import io.symoe.core.config.BackendConfig;
import io.symoe.core.generation.Generation;
import io.symoe.core.generation.GenerationException;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Prompt;
import io.symoe.modelpool.backend.CallPolicy;
import io.symoe.modelpool.backend.ModelBackend;
import io.symoe.modelpool.backend.llamacpp.LlamaCppRouterBackend;
import io.symoe.modelpool.backend.llamaswap.LlamaSwapBackend;
import io.symoe.modelpool.backend.ollama.OllamaBackend;
import io.symoe.modelpool.backend.replay.ReplayBackend;
import io.symoe.modelpool.backend.replay.ReplayTiming;
import io.symoe.modelpool.backend.vllm.VllmBackend;
import io.symoe.modelpool.resilience.BackendResilience;
import io.symoe.modelpool.resilience.ResilienceSettings;
import io.symoe.modelpool.testing.RecordedFixtures;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAI client and the resilience layer against a real HTTP server over loopback. */
class OpenAiBackendTest {
    private static final ResilienceSettings FAST = ResilienceSettings.DEFAULTS
            .withBackoff(Duration.ofMillis(20), Duration.ofSeconds(3));

    private Vertx vertx;
    private ReplayBackend replay;
    private ReplayOpenAiTestServer server;
    private BackendResilience resilience;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        replay = new ReplayBackend("recorded", RecordedFixtures.small(), m -> ReplayTiming.INSTANT);
        server = new ReplayOpenAiTestServer(vertx, replay);
        resilience = new BackendResilience();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        resilience.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private BackendConfig config(String id, Duration timeout, int retries) {
        return new BackendConfig(id, BackendKind.OPENAI, URI.create(server.baseUrl() + "/v1"), "test-key", null,
                timeout, 2, retries);
    }

    private OpenAiBackend client(boolean stream, Duration timeout, int retries, ResilienceSettings settings) {
        BackendConfig cfg = config("srv", timeout, retries);
        return new OpenAiBackend(vertx, cfg, Function.identity(), resilience.policyFor(cfg, settings), stream);
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private static GenerationException failure(CompletionStage<?> stage) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(stage));
        return assertInstanceOf(GenerationException.class, e.getCause());
    }

    private static final List<Prompt> PROMPTS = List.of(
            Prompt.ofUser("i1", "What is 2 + 2?"),
            Prompt.ofUser("i2", "which gas do plants  absorb?"),
            Prompt.ofUser("i3", "What is 2 + 2?"));

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void servesTheRecordedOutputsInPromptOrder(boolean stream) throws Exception {
        try (OpenAiBackend backend = client(stream, Duration.ofSeconds(5), 0, FAST)) {
            List<Generation> out = await(backend.generate("beta", PROMPTS, GenerationParams.GREEDY));
            assertEquals(List.of("i1", "i2", "i3"), out.stream().map(Generation::instanceId).toList());
            assertEquals("I think the answer is (C).", out.get(0).text());
            assertEquals(RecordedFixtures.small().question("q2").orElseThrow().outcomes().get("beta").text(), out.get(1).text());
            assertEquals("beta", out.get(2).modelId());
            assertEquals(7, out.get(0).tokens().completion());
            assertEquals("stop", out.get(0).finishReason());
            assertEquals(3, server.completionCalls());
        }
    }

    @Test
    void keepsConcurrentBatchesWithinMaxConcurrencyWithoutBulkheadRejections() throws Exception {
        for (int i = 0; i < 6; i++) {
            server.script(new ReplayOpenAiTestServer.Fault.Slow(150));
        }
        try (OpenAiBackend backend = client(false, Duration.ofSeconds(5), 0, FAST)) { // max-concurrency 2
            var first = backend.generate("alpha", PROMPTS, GenerationParams.GREEDY);
            var second = backend.generate("beta", PROMPTS, GenerationParams.GREEDY);
            assertEquals(3, await(first).size());
            assertEquals(3, await(second).size());
            assertEquals(6, server.completionCalls());
            assertEquals(2, server.maxConcurrentCompletions());
        }
    }

    @Test
    void theConnectionPoolAllowsMaxConcurrencyCallsAtOnce() throws Exception {
        // Vert.x's default pool holds 5 connections; with max-concurrency 8, calls 6-8 used to queue in the client.
        for (int i = 0; i < 8; i++) {
            server.script(new ReplayOpenAiTestServer.Fault.Slow(300));
        }
        BackendConfig cfg = new BackendConfig("wide", BackendKind.OPENAI, URI.create(server.baseUrl() + "/v1"), "k", null,
                Duration.ofSeconds(5), 8, 0);
        List<Prompt> eight = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            eight.add(Prompt.ofUser("w" + i, "What is 2 + 2?"));
        }
        try (OpenAiBackend backend = new OpenAiBackend(vertx, cfg, Function.identity(), resilience.policyFor(cfg, FAST), false)) {
            assertEquals(8, await(backend.generate("alpha", eight, GenerationParams.GREEDY)).size());
            assertEquals(8, server.maxConcurrentCompletions());
        }
    }

    @Test
    void listsModels() throws Exception {
        try (OpenAiBackend backend = client(false, Duration.ofSeconds(5), 0, FAST)) {
            assertEquals(List.of("alpha", "beta", "gamma"), await(backend.listModels()));
            assertTrue(await(backend.health()).up());
        }
    }

    @Test
    void honoursRetryAfterOn429() throws Exception {
        server.script(new ReplayOpenAiTestServer.Fault.RateLimited(1));
        var meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        resilience.bindTo(meters);
        try (OpenAiBackend backend = client(false, Duration.ofSeconds(5), 2, FAST)) {
            long t0 = System.nanoTime();
            List<Generation> out = await(backend.generate("alpha", PROMPTS.subList(0, 1), GenerationParams.GREEDY));
            long waitedMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals("2 + 2 = 4, so the answer is (B).", out.getFirst().text());
            assertEquals(2, server.completionCalls());
            assertTrue(waitedMs >= 900, "waited only " + waitedMs + " ms despite Retry-After: 1");
            assertEquals(1, resilience.retryMetrics("srv").getNumberOfSuccessfulCallsWithRetryAttempt());
            assertEquals(1.0, meters.get("resilience4j.retry.calls").tag("name", "srv").tag("kind", "successful_with_retry")
                    .functionCounter().count(), "retries are visible as a metric");
        }
    }

    @Test
    void retries5xxUntilSuccessAndGivesUpAfterTheConfiguredRetries() throws Exception {
        server.script(new ReplayOpenAiTestServer.Fault.ServerError(), new ReplayOpenAiTestServer.Fault.ServerError());
        try (OpenAiBackend backend = client(false, Duration.ofSeconds(5), 2, FAST)) {
            assertEquals(1, await(backend.generate("alpha", PROMPTS.subList(0, 1), GenerationParams.GREEDY)).size());
            assertEquals(3, server.completionCalls());

            server.script(new ReplayOpenAiTestServer.Fault.ServerError(), new ReplayOpenAiTestServer.Fault.ServerError(),
                    new ReplayOpenAiTestServer.Fault.ServerError());
            GenerationException e = failure(backend.generate("alpha", PROMPTS.subList(0, 1), GenerationParams.GREEDY));
            assertEquals(GenerationException.Kind.TRANSIENT, e.kind());
            assertEquals(6, server.completionCalls());
            assertEquals(1, resilience.retryMetrics("srv").getNumberOfFailedCallsWithRetryAttempt());
        }
    }

    @Test
    void neverRetriesContextLengthErrors() throws Exception {
        server.script(new ReplayOpenAiTestServer.Fault.ContextLength());
        try (OpenAiBackend backend = client(false, Duration.ofSeconds(5), 3, FAST)) {
            GenerationException e = failure(backend.generate("alpha", PROMPTS.subList(0, 1), GenerationParams.GREEDY));
            assertEquals(GenerationException.Kind.CONTEXT_LENGTH, e.kind());
            assertEquals(1, server.completionCalls());
        }
    }

    @Test
    void timeLimiterCutsSlowResponsesWithoutRetrying() throws Exception {
        server.script(new ReplayOpenAiTestServer.Fault.Slow(3000));
        try (OpenAiBackend backend = client(false, Duration.ofMillis(300), 2, FAST)) {
            long t0 = System.nanoTime();
            GenerationException e = failure(backend.generate("alpha", PROMPTS.subList(0, 1), GenerationParams.GREEDY));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(GenerationException.Kind.TRANSIENT, e.kind());
            assertTrue(e.getMessage().contains("timed out"), e.getMessage());
            assertTrue(ms < 2500, "took " + ms + " ms");
            assertEquals(1, server.completionCalls());
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void retriesAConnectionDroppedMidResponse(boolean stream) throws Exception {
        server.script(new ReplayOpenAiTestServer.Fault.DropConnection());
        try (OpenAiBackend backend = client(stream, Duration.ofSeconds(5), 2, FAST)) {
            List<Generation> out = await(backend.generate("gamma", PROMPTS.subList(0, 1), GenerationParams.GREEDY));
            assertEquals("Four. The answer is (B).", out.getFirst().text());
            assertEquals(2, server.completionCalls());
        }
    }

    @Test
    void dropWithoutRetriesFailsTransient() throws Exception {
        server.script(new ReplayOpenAiTestServer.Fault.DropConnection());
        try (OpenAiBackend backend = client(true, Duration.ofSeconds(5), 0, FAST)) {
            assertEquals(GenerationException.Kind.TRANSIENT,
                    failure(backend.generate("gamma", PROMPTS.subList(0, 1), GenerationParams.GREEDY)).kind());
        }
    }

    @Test
    void breakerOpensAfterRepeatedFailuresAndThenFailsFast() throws Exception {
        ResilienceSettings tight = FAST.withBreaker(4, 4, 50f, Duration.ofMinutes(1));
        var meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        resilience.bindTo(meters);
        for (int i = 0; i < 4; i++) {
            server.script(new ReplayOpenAiTestServer.Fault.ServerError());
        }
        try (OpenAiBackend backend = client(false, Duration.ofSeconds(5), 0, tight)) {
            for (int i = 0; i < 4; i++) {
                failure(backend.generate("alpha", PROMPTS.subList(0, 1), GenerationParams.GREEDY));
            }
            assertEquals(CircuitBreaker.State.OPEN, resilience.breakerState("srv"));
            GenerationException e = failure(backend.generate("alpha", PROMPTS.subList(0, 1), GenerationParams.GREEDY));
            assertTrue(e.getMessage().contains("circuit breaker"), e.getMessage());
            assertEquals(4, server.completionCalls(), "an open breaker must not reach the server");
            assertEquals(4, resilience.circuitBreakers().circuitBreaker("srv").getMetrics().getNumberOfFailedCalls());
            assertEquals(1.0, meters.get("resilience4j.circuitbreaker.state").tag("name", "srv").tag("state", "open").gauge().value(),
                    "breaker state is visible as a metric");
        }
    }

    @Test
    void unrecordedQuestionIsNotFoundNeverInvented() throws Exception {
        try (OpenAiBackend backend = client(false, Duration.ofSeconds(5), 2, FAST)) {
            GenerationException e = failure(backend.generate("alpha", List.of(Prompt.ofUser("x", "What is the meaning of life?")),
                    GenerationParams.GREEDY));
            assertEquals(GenerationException.Kind.NOT_FOUND, e.kind());
            assertTrue(e.getMessage().contains("not recorded"), e.getMessage());
            assertEquals(1, server.completionCalls());
        }
    }

    @Test
    void ollamaResidencyUsesKeepAliveAndPs() throws Exception {
        BackendConfig cfg = new BackendConfig("ollama", BackendKind.OLLAMA, URI.create(server.baseUrl()), null, null, Duration.ofSeconds(5), 2, 0);
        try (ModelBackend b = new OllamaBackend(vertx, cfg, Function.identity(), Map.of(), CallPolicy.DIRECT, false)) {
            await(b.load("alpha"));
            assertEquals(Set.of("alpha"), await(b.residentModels()));
            await(b.unload("alpha"));
            assertEquals(Set.of(), await(b.residentModels()));
            assertEquals(List.of("ollama keep_alive=-1 alpha", "ollama keep_alive=0 alpha"), server.residencyCalls());
        }
    }

    @Test
    void vllmResidencyIsSleepMode() throws Exception {
        BackendConfig cfg = new BackendConfig("vllm", BackendKind.VLLM, URI.create(server.baseUrl()), null, null, Duration.ofSeconds(5), 2, 0);
        try (ModelBackend b = new VllmBackend(vertx, cfg, Function.identity(), "alpha", 1, CallPolicy.DIRECT, false)) {
            assertEquals(Set.of("alpha"), await(b.residentModels()));
            await(b.unload("alpha"));
            assertEquals(Set.of(), await(b.residentModels()));
            await(b.load("alpha"));
            assertEquals(Set.of("alpha"), await(b.residentModels()));
            assertEquals(List.of("vllm sleep level=1", "vllm wake_up"), server.residencyCalls());
        }
    }

    @Test
    void llamaCppRouterLoadsAndUnloadsByName() throws Exception {
        BackendConfig cfg = new BackendConfig("lcpp", BackendKind.LLAMA_CPP, URI.create(server.baseUrl()), null, null, Duration.ofSeconds(5), 2, 0);
        try (ModelBackend b = new LlamaCppRouterBackend(vertx, cfg, Function.identity(), Map.of(), CallPolicy.DIRECT, false)) {
            await(b.load("beta"));
            assertEquals(Set.of("beta"), await(b.residentModels()));
            await(b.unload("beta"));
            assertEquals(Set.of(), await(b.residentModels()));
            assertEquals(List.of("llamacpp load beta", "llamacpp unload beta"), server.residencyCalls());
        }
    }

    @Test
    void llamaSwapUnloadsAndReportsRunning() throws Exception {
        BackendConfig cfg = new BackendConfig("swap", BackendKind.LLAMA_SWAP, URI.create(server.baseUrl()), null, null, Duration.ofSeconds(5), 2, 0);
        try (ModelBackend b = new LlamaSwapBackend(vertx, cfg, Function.identity(), Map.of(), CallPolicy.DIRECT, false)) {
            await(b.generate("gamma", PROMPTS.subList(0, 1), GenerationParams.GREEDY)); // llama-swap loads on first request
            assertEquals(Set.of("gamma"), await(b.residentModels()));
            await(b.unload("gamma"));
            assertEquals(Set.of(), await(b.residentModels()));
            assertEquals(List.of("llamaswap unload gamma"), server.residencyCalls());
        }
    }
}
