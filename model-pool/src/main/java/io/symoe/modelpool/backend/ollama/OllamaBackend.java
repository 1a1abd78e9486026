package io.symoe.modelpool.backend.ollama;

import io.symoe.core.config.BackendConfig;
import io.symoe.modelpool.backend.CallPolicy;
import io.symoe.modelpool.backend.Capabilities;
import io.symoe.modelpool.backend.openai.ResidencyControlledBackend;
import io.vertx.core.Vertx;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Ollama: generation through its OpenAI-compatible {@code /v1} API; residency through its native API. An empty
 * {@code POST /api/generate} with {@code keep_alive: -1} loads a model and keeps it loaded, {@code keep_alive: 0}
 * unloads it (Ollama FAQ, "How do I keep a model loaded in memory or make it unload immediately?");
 * {@code GET /api/ps} lists the loaded models.
 *
 * <p>Tested only against {@code ReplayOpenAiTestServer}'s emulation of these endpoints (test scope, written from the
 * server's documentation, not recorded from a running server). The path proven against a real server is
 * {@code kind: llama-server} ({@link io.symoe.modelpool.backend.llamaserver.LlamaServerBackend}), whose tests run
 * llama.cpp's own server.
 */
public final class OllamaBackend extends ResidencyControlledBackend {

    public OllamaBackend(Vertx vertx, BackendConfig config, Function<String, String> remoteName,
                         Map<String, String> poolIdByRemote, CallPolicy policy, boolean stream) {
        super(vertx, config, remoteName, poolIdByRemote, policy, stream);
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(true, true, true, false, true);
    }

    @Override
    public CompletionStage<Void> load(String modelId) {
        return postJson("/api/generate", JSON.createObjectNode().put("model", remote(modelId)).put("keep_alive", -1))
                .thenApply(j -> null);
    }

    @Override
    public CompletionStage<Void> unload(String modelId) {
        return postJson("/api/generate", JSON.createObjectNode().put("model", remote(modelId)).put("keep_alive", 0))
                .thenApply(j -> null);
    }

    @Override
    public CompletionStage<Set<String>> residentModels() {
        return getJson("/api/ps").thenApply(json -> {
            Set<String> ids = new HashSet<>();
            json.path("models").forEach(m -> {
                String name = m.path("name").asText(m.path("model").asText());
                ids.add(poolId(name));
            });
            return Set.copyOf(ids);
        });
    }
}
