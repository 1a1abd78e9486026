package io.symoe.modelpool.backend.llamaswap;

import io.symoe.core.config.BackendConfig;
import io.symoe.modelpool.backend.CallPolicy;
import io.symoe.modelpool.backend.Capabilities;
import io.symoe.modelpool.backend.openai.ResidencyControlledBackend;
import io.vertx.core.Vertx;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * llama-swap: it starts the upstream server of a model on the first request for it, so {@link #load} is a no-op
 * and the first batch pays the load; {@code POST /api/models/unload/{id}} stops one model; {@code GET /running}
 * answers {@code {"running": [{"model": id, "state": "ready"|...}]}}.
 *
 * <p>Tested only against {@code ReplayOpenAiTestServer}'s emulation of these endpoints (test scope, written from the
 * server's documentation, not recorded from a running server). The path proven against a real server is
 * {@code kind: llama-server} ({@link io.symoe.modelpool.backend.llamaserver.LlamaServerBackend}), whose tests run
 * llama.cpp's own server.
 */
public final class LlamaSwapBackend extends ResidencyControlledBackend {

    public LlamaSwapBackend(Vertx vertx, BackendConfig config, Function<String, String> remoteName,
                            Map<String, String> poolIdByRemote, CallPolicy policy, boolean stream) {
        super(vertx, config, remoteName, poolIdByRemote, policy, stream);
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(true, false, true, false, true);
    }

    @Override
    public CompletionStage<Void> unload(String modelId) {
        return postJson("/api/models/unload/" + URLEncoder.encode(remote(modelId), StandardCharsets.UTF_8), null)
                .thenApply(j -> null);
    }

    @Override
    public CompletionStage<Set<String>> residentModels() {
        return getJson("/running").thenApply(json -> {
            Set<String> ids = new HashSet<>();
            json.path("running").forEach(m -> {
                String name = m.path("model").asText();
                ids.add(poolId(name));
            });
            return Set.copyOf(ids);
        });
    }
}
