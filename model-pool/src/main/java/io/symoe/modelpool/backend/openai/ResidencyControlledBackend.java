package io.symoe.modelpool.backend.openai;

import io.symoe.core.config.BackendConfig;
import io.symoe.modelpool.backend.CallPolicy;
import io.vertx.core.Vertx;

import java.util.Map;
import java.util.function.Function;

/**
 * An OpenAI-compatible server that also reports and controls which models it has loaded (Ollama, llama.cpp's
 * router mode, llama-swap). Those servers list models by their own names, which this maps back to pool ids.
 */
public abstract class ResidencyControlledBackend extends OpenAiBackend {
    private final Map<String, String> poolIdByRemote;

    protected ResidencyControlledBackend(Vertx vertx, BackendConfig config, Function<String, String> remoteName,
                                         Map<String, String> poolIdByRemote, CallPolicy policy, boolean stream) {
        super(vertx, config, remoteName, policy, stream);
        this.poolIdByRemote = Map.copyOf(poolIdByRemote);
    }

    /** The pool id of a model the server names {@code remote}; its own name when the pool does not map it. */
    protected String poolId(String remote) {
        return poolIdByRemote.getOrDefault(remote, remote);
    }
}
