package io.symoe.accelerators;

import io.symoe.accelerators.backend.BackendSpec;
import io.symoe.accelerators.backend.opencl.OpenClUnavailableException;
import io.symoe.accelerators.gguf.GGUFFormatException;
import io.symoe.accelerators.sample.Sampler;
import io.symoe.core.TokenCounts;
import io.symoe.core.generation.Generation;
import io.symoe.core.generation.GenerationException;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Generator;
import io.symoe.core.generation.Prompt;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The plug-in point for model-pool: a {@link Generator} backed by an in-process GGUF model. {@link #load()} maps
 * the file and builds the model, {@link #close()} unloads it (model-pool manages residency with these); a
 * {@code generate} call on an unloaded generator loads it first. The prompts of a batch are prefilled one by one
 * and then decoded together (one forward step per position for the whole batch), on a single generation thread
 * whose kernels use {@code threads} cores.
 */
public final class LocalModelGenerator implements Generator, AutoCloseable {
    private final Path file;
    private final String modelId;
    private final int threads;
    private final BackendSpec backend;
    private final ExecutorService runner;
    private volatile LocalModel model;

    public LocalModelGenerator(Path file, String modelId, int threads) {
        this(file, modelId, threads, BackendSpec.CPU);
    }

    /** On {@code backend} ({@code BackendSpec.CPU}, {@code new BackendSpec.OpenCl(selection)}); weights go to it at load. */
    public LocalModelGenerator(Path file, String modelId, int threads, BackendSpec backend) {
        this.file = file;
        this.modelId = modelId;
        this.threads = threads;
        this.backend = backend;
        // one generation thread, which exits when idle: a closed (unloaded) generator holds no thread and can load again
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "symoe-local-" + modelId);
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        this.runner = pool;
    }

    public String modelId() {
        return modelId;
    }

    public boolean isLoaded() {
        return model != null;
    }

    /** Maps and prepares the model; idempotent. A malformed file is a PERMANENT {@link GenerationException}. */
    public void load() {
        ensureLoaded();
    }

    private synchronized LocalModel ensureLoaded() {
        if (model != null) {
            return model;
        }
        try {
            model = LocalModel.load(file, threads, LocalModel.DEFAULT_MAX_CONTEXT, backend);
            return model;
        } catch (IOException e) {
            throw new GenerationException(GenerationException.Kind.NOT_FOUND, modelId, "cannot read " + file + ": " + e.getMessage(), e);
        } catch (GGUFFormatException e) {
            throw new GenerationException(GenerationException.Kind.PERMANENT, modelId, file + ": " + e.getMessage(), e);
        } catch (OpenClUnavailableException | UnsupportedOperationException e) { // no device for the configured backend
            throw new GenerationException(GenerationException.Kind.PERMANENT, modelId, e.getMessage(), e);
        }
    }

    /** Unloads the model (unmaps the file); a later call loads it again. */
    public synchronized void unload() {
        if (model != null) {
            LocalModel m = model;
            model = null;
            runner.submit(m::close); // after any generation already queued on the runner
        }
    }

    @Override
    public CompletionStage<List<Generation>> generate(String requestedModel, List<Prompt> prompts, GenerationParams params) {
        return CompletableFuture.supplyAsync(() -> {
            LocalModel m = ensureLoaded();
            String id = requestedModel == null || requestedModel.isBlank() ? modelId : requestedModel;
            return run(m, id, prompts, params);
        }, runner);
    }

    /** All prompts of the batch decode together: one forward step per token position for the whole batch. */
    private List<Generation> run(LocalModel m, String id, List<Prompt> prompts, GenerationParams params) {
        long start = System.nanoTime();
        List<LocalModel.Request> requests = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            int[] tokens = m.encodePrompt(m.chatTemplate().render(prompts.get(i).messages()));
            if (tokens.length >= m.contextLength()) {
                throw new GenerationException(GenerationException.Kind.CONTEXT_LENGTH, modelId, "prompt of " + tokens.length
                        + " tokens for " + prompts.get(i).instanceId() + " does not fit the context window of " + m.contextLength());
            }
            requests.add(new LocalModel.Request(tokens,
                    Sampler.of(params.temperature(), params.topP(), params.seed().orElse(0L) + i), null));
        }
        List<LocalModel.Result> results;
        try {
            results = m.generate(requests, params.maxTokens(), params.stop());
        } catch (RuntimeException e) {
            throw new GenerationException(GenerationException.Kind.PERMANENT, modelId, "generation failed: " + e.getMessage(), e);
        }
        // the batch shares its decode steps, so each prompt's latency is its prefill plus the shared decode time
        long shared = System.nanoTime() - start;
        for (LocalModel.Result r : results) {
            shared -= r.prefillNanos();
        }
        List<Generation> out = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            LocalModel.Result r = results.get(i);
            out.add(new Generation(prompts.get(i).instanceId(), id, r.text(),
                    new TokenCounts(r.promptTokens(), r.tokens().length), Duration.ofNanos(r.prefillNanos() + Math.max(0, shared)),
                    r.finishReason()));
        }
        return out;
    }

    /** Unloads the model (same as {@link #unload()}); the generator stays usable and loads again on demand. */
    @Override
    public void close() {
        unload();
    }
}
