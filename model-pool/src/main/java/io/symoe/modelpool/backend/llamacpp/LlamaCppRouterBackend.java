package io.symoe.modelpool.backend.llamacpp;

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
 * llama.cpp {@code llama-server} in router mode (started without {@code -m}): {@code POST /models/load} and
 * {@code POST /models/unload} with {@code {"model": name}}; {@code GET /models} lists models with a
 * {@code status.value} of {@code loaded}, {@code loading}, {@code unloaded}, ...
 *
 * <p>Tested only against {@code ReplayOpenAiTestServer}'s emulation of these endpoints (test scope, written from the
 * server's documentation, not recorded from a running server). The path proven against a real server is
 * {@code kind: llama-server} ({@link io.symoe.modelpool.backend.llamaserver.LlamaServerBackend}), whose tests run
 * llama.cpp's own server.
 */
public final class LlamaCppRouterBackend extends ResidencyControlledBackend {

    public LlamaCppRouterBackend(Vertx vertx, BackendConfig config, Function<String, String> remoteName,
                                 Map<String, String> poolIdByRemote, CallPolicy policy, boolean stream) {
        super(vertx, config, remoteName, poolIdByRemote, policy, stream);
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(true, true, true, false, true);
    }

    @Override
    public CompletionStage<Void> load(String modelId) {
        return postJson("/models/load", JSON.createObjectNode().put("model", remote(modelId))).thenApply(j -> null);
    }

    @Override
    public CompletionStage<Void> unload(String modelId) {
        return postJson("/models/unload", JSON.createObjectNode().put("model", remote(modelId))).thenApply(j -> null);
    }

    @Override
    public CompletionStage<Set<String>> residentModels() {
        return getJson("/models").thenApply(json -> {
            Set<String> ids = new HashSet<>();
            json.path("data").forEach(m -> {
                if ("loaded".equals(m.path("status").path("value").asText())) {
                    String name = m.path("id").asText();
                    ids.add(poolId(name));
                }
            });
            return Set.copyOf(ids);
        });
    }
}
