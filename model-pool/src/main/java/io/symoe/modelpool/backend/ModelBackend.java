package io.symoe.modelpool.backend;

import io.symoe.core.generation.Generation;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Prompt;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The SPI every way of running a model implements: generate a batch for one model, plus residency control.
 * Model ids are the pool's ids; a backend maps them to the names its server knows.
 *
 * <p>Residency methods a backend cannot honour complete normally when that is harmless (loading a model that the
 * server loads on first request) and say so through {@link #capabilities()}; {@link #sleep}/{@link #wake} fail
 * with {@link UnsupportedOperationException} unless {@link Capabilities#sleep()}.
 */
public interface ModelBackend extends AutoCloseable {
    /** The backend's config id. */
    String id();

    Capabilities capabilities();

    /** One generation per prompt, in prompt order; fails with a {@code GenerationException}. */
    CompletionStage<List<Generation>> generate(String modelId, List<Prompt> prompts, GenerationParams params);

    /** Models the server can serve (its {@code /v1/models} or equivalent), as pool ids where known. */
    CompletionStage<List<String>> listModels();

    /** Models loaded right now as the server reports them; empty when it cannot tell. */
    CompletionStage<Set<String>> residentModels();

    CompletionStage<Void> load(String modelId);

    CompletionStage<Void> unload(String modelId);

    default CompletionStage<Void> sleep(String modelId) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(id() + " has no sleep mode"));
    }

    default CompletionStage<Void> wake(String modelId) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(id() + " has no sleep mode"));
    }

    CompletionStage<Health> health();

    /**
     * How many times this backend started a model again because its server died on its own (crash, kill), per
     * model id. These starts are not pool loads: the pool believed the model resident all along, so they show up
     * only here. Empty for backends that do not manage processes.
     */
    default Map<String, Long> restarts() {
        return Map.of();
    }

    @Override
    default void close() {}
}
