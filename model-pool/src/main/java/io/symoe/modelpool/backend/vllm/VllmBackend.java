package io.symoe.modelpool.backend.vllm;

import io.symoe.core.config.BackendConfig;
import io.symoe.modelpool.backend.CallPolicy;
import io.symoe.modelpool.backend.Capabilities;
import io.symoe.modelpool.backend.openai.OpenAiBackend;
import io.vertx.core.Vertx;

import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * vLLM with sleep mode ({@code --enable-sleep-mode}, dev endpoints enabled): one model per server, so residency is
 * sleeping vs awake. {@code POST /sleep?level=1} offloads the weights to CPU memory and drops the KV cache (fast
 * wake), {@code level=2} discards the weights too; {@code POST /wake_up} restores; {@code GET /is_sleeping}
 * answers {@code {"is_sleeping": bool}}. Unloading is sleeping at the configured level.
 *
 * <p>Tested only against {@code ReplayOpenAiTestServer}'s emulation of these endpoints (test scope, written from the
 * server's documentation, not recorded from a running server). The path proven against a real server is
 * {@code kind: llama-server} ({@link io.symoe.modelpool.backend.llamaserver.LlamaServerBackend}), whose tests run
 * llama.cpp's own server.
 */
public final class VllmBackend extends OpenAiBackend {
    private final String servedModel;
    private final int sleepLevel;

    /**
     * @param servedModel the pool id of the one model this server runs
     * @param sleepLevel  1 (weights to CPU) or 2 (weights discarded)
     */
    public VllmBackend(Vertx vertx, BackendConfig config, Function<String, String> remoteName, String servedModel,
                       int sleepLevel, CallPolicy policy, boolean stream) {
        super(vertx, config, remoteName, policy, stream);
        if (sleepLevel != 1 && sleepLevel != 2) {
            throw new IllegalArgumentException("vLLM sleep level must be 1 or 2, got " + sleepLevel);
        }
        this.servedModel = servedModel;
        this.sleepLevel = sleepLevel;
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(true, true, true, true, true);
    }

    @Override
    public CompletionStage<Void> sleep(String modelId) {
        return postJson("/sleep?level=" + sleepLevel, null).thenApply(j -> null);
    }

    @Override
    public CompletionStage<Void> wake(String modelId) {
        return postJson("/wake_up", null).thenApply(j -> null);
    }

    @Override
    public CompletionStage<Void> load(String modelId) {
        return wake(modelId);
    }

    @Override
    public CompletionStage<Void> unload(String modelId) {
        return sleep(modelId);
    }

    @Override
    public CompletionStage<Set<String>> residentModels() {
        return getJson("/is_sleeping").thenApply(j -> j.path("is_sleeping").asBoolean(false) ? Set.of() : Set.of(servedModel));
    }
}
