package io.symoe.modelpool.backend;

import io.symoe.core.generation.Generation;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Generator;
import io.symoe.core.generation.Prompt;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Adapts an in-process engine (the accelerators module's GGUF engine) to the SPI: a {@link Generator} plus load
 * and unload callbacks. Residency is exact because this process owns the weights.
 */
public final class InProcessBackend implements ModelBackend {
    private final String id;
    private final Generator generator;
    private final Function<String, CompletionStage<Void>> loader;
    private final Function<String, CompletionStage<Void>> unloader;
    private final List<String> models;
    private final Set<String> resident = ConcurrentHashMap.newKeySet();

    public InProcessBackend(String id, List<String> models, Generator generator,
                            Function<String, CompletionStage<Void>> loader,
                            Function<String, CompletionStage<Void>> unloader) {
        this.id = Objects.requireNonNull(id, "id");
        this.models = List.copyOf(models);
        this.generator = Objects.requireNonNull(generator, "generator");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.unloader = Objects.requireNonNull(unloader, "unloader");
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(false, true, true, false, true);
    }

    @Override
    public CompletionStage<List<Generation>> generate(String modelId, List<Prompt> prompts, GenerationParams params) {
        return generator.generate(modelId, prompts, params);
    }

    @Override
    public CompletionStage<List<String>> listModels() {
        return CompletableFuture.completedFuture(models);
    }

    @Override
    public CompletionStage<Set<String>> residentModels() {
        return CompletableFuture.completedFuture(Set.copyOf(resident));
    }

    @Override
    public CompletionStage<Void> load(String modelId) {
        return loader.apply(modelId).thenRun(() -> resident.add(modelId));
    }

    @Override
    public CompletionStage<Void> unload(String modelId) {
        return unloader.apply(modelId).thenRun(() -> resident.remove(modelId));
    }

    @Override
    public CompletionStage<Health> health() {
        return CompletableFuture.completedFuture(Health.up("in-process, " + resident.size() + " resident"));
    }
}
