package io.symoe.orchestrator.service;

import io.symoe.core.config.RouterConfig;
import io.symoe.core.config.ServerConfig;
import io.symoe.core.config.SymoeConfig;
import io.symoe.orchestrator.SymoeService;
import io.symoe.orchestrator.config.ConfigLoader;
import io.symoe.testsupport.LlamaCppBinaries;
import io.symoe.testsupport.SharedData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service on {@code ops/config/llama-server.yaml} answers an ensemble completion through real llama-server
 * experts, each loaded as a process (and, under the one-model budget, unloaded for the next).
 */
class LlamaServerServiceTest {
    private static final Path EXAMPLE = Path.of("..", "ops", "config", "llama-server.yaml");

    @Test
    void anEnsembleCompletionRunsOnTwoRealLlamaServerExpertsLoadedOneAfterTheOther() throws Exception {
        LlamaCppBinaries.require("llama-server");
        SharedData.require("llamacpp");
        SymoeConfig file = new ConfigLoader().load(EXAMPLE);
        RouterConfig r = file.router();
        // Port 0, and router.profiles (relative to the repo root, where symoe runs) seen from this module.
        SymoeConfig config = new SymoeConfig(new ServerConfig("127.0.0.1", 0, null, null, null, null, null, null, null),
                file.pool(), new RouterConfig(r.skills(), r.recruiter(), r.k(), r.seed(),
                Path.of("..").resolve(r.profiles()).toString(), r.keywordModel()), file.aggregator(), file.cluster(),
                file.pipelines());
        try (SymoeService service = SymoeService.start(config, SymoeService.Options.NONE)
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!service.services().ready()) {
                assertTrue(System.nanoTime() < deadline, "never ready: " + service.services().readiness());
                Thread.sleep(100);
            }
            WebClient client = WebClient.create(service.vertx());
            JsonObject body = new JsonObject().put("model", "symoe").put("max_tokens", 4).put("messages", new JsonArray()
                    .add(new JsonObject().put("role", "user").put("content",
                            "Which gas do plants take in? (A) oxygen (B) carbon dioxide (C) helium")));
            var resp = client.post(service.httpPort(), "127.0.0.1", "/v1/chat/completions").sendJsonObject(body)
                    .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
            assertEquals(200, resp.statusCode(), resp.bodyAsString());
            JsonArray experts = resp.bodyAsJsonObject().getJsonObject("symoe").getJsonArray("experts");
            assertEquals(2, experts.size(), "k = 2 real experts answered: " + experts);
            for (int i = 0; i < experts.size(); i++) {
                // ops/config/llama-server.yaml gives each expert max-output-tokens: 16; the pipeline asks for more.
                int tokens = experts.getJsonObject(i).getInteger("completion_tokens");
                assertTrue(tokens >= 1 && tokens <= 16, "the model's max-output-tokens caps its generation: " + experts);
            }

            JsonObject pool = client.get(service.httpPort(), "127.0.0.1", "/admin/pool").send()
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).bodyAsJsonObject();
            assertTrue(pool.getInteger("loads") >= 2, "each expert was a process start: " + pool);
            assertTrue(pool.getJsonArray("resident").size() <= 1, "the budget holds one server at a time: " + pool);
            String metrics = client.get(service.httpPort(), "127.0.0.1", "/metrics").send()
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).bodyAsString();
            assertTrue(metrics.contains("symoe_model_loads_total") && metrics.contains("symoe_model_load_seconds_bucket"),
                    "real loads in /metrics");
            assertTrue(metrics.contains("symoe_model_restarts_total{model=\"expert-dense\"} 0.0"),
                    "crash restarts are published per model (none here)");
            assertEquals(0L, pool.getJsonArray("models").getJsonObject(0).getLong("restarts"), pool.encode());
        }
    }
}
