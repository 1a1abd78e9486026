package io.symoe.modelpool.pool;

import io.symoe.core.generation.Generation;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Generator;
import io.symoe.core.generation.Prompt;
import io.symoe.modelpool.schedule.Decision;
import io.symoe.modelpool.schedule.FurthestNextUseEviction;
import io.symoe.modelpool.schedule.Request;
import io.symoe.modelpool.schedule.Scheduler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Online serving through a {@link Scheduler}: requests arrive continuously, queue, and go to the pool in the
 * batches the scheduler decides — the same pure scheduler code the {@code bench schedule} simulation runs. One
 * batch runs at a time (one accelerator), as in the simulation.
 *
 * <p>A single thread owns the queue and calls the scheduler (llama-swap's design: one event loop, no locks on
 * scheduler state); the pool's work runs asynchronously and reports back to that thread. Requests batch together
 * only when their generation parameters are equal.
 */
public final class OnlineDispatcher implements Generator, AutoCloseable {
    private record Pending(Request request, Prompt prompt, GenerationParams params, CompletableFuture<Generation> result) {}

    private final ModelPool pool;
    private final Scheduler scheduler;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "symoe-dispatcher");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Pending> queue = new LinkedHashMap<>();
    // Written on the loop thread, read by metrics and the admin API from any thread.
    private final Map<String, Integer> queuedPerModel = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final long origin = System.nanoTime();
    // Models with a batch running; at most maxConcurrentBatches, never two batches of one model at once.
    private final java.util.Set<String> serving = new java.util.HashSet<>();
    private final int maxConcurrentBatches;
    private ScheduledFuture<?> wake;

    /**
     * Batches of different models run concurrently only when the pool has no memory budget (models on their own
     * servers, hosted APIs, replay): under a budget, models compete for one accelerator's memory and swapping
     * concurrently would thrash it, so one batch runs at a time as the scheduler assumes.
     */
    public OnlineDispatcher(ModelPool pool, Scheduler scheduler) {
        this(pool, scheduler, pool.residency().budgetBytes() == 0 ? UNBUDGETED_CONCURRENCY : 1);
    }

    public OnlineDispatcher(ModelPool pool, Scheduler scheduler, int maxConcurrentBatches) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        if (maxConcurrentBatches < 1) {
            throw new IllegalArgumentException("maxConcurrentBatches must be >= 1, got " + maxConcurrentBatches);
        }
        this.maxConcurrentBatches = maxConcurrentBatches;
    }

    /** Concurrent batches (of distinct models) when the pool has no memory budget. */
    public static final int UNBUDGETED_CONCURRENCY = 16;

    /**
     * The grouped scheduler with swap costs taken from the pool's running load-time estimates, which refine
     * themselves as models are loaded.
     *
     * @param generateSeconds estimated seconds one request occupies a model
     */
    public static OnlineDispatcher grouped(ModelPool pool, io.symoe.modelpool.schedule.GroupedScheduler.Settings settings,
                                           double generateSeconds) {
        io.symoe.modelpool.schedule.CostModel costs = new io.symoe.modelpool.schedule.CostModel() {
            @Override
            public double loadSeconds(String modelId) {
                return pool.residency().loadTime(modelId).toNanos() / 1e9;
            }

            @Override
            public double generateSeconds(String modelId) {
                return generateSeconds;
            }
        };
        return new OnlineDispatcher(pool, new io.symoe.modelpool.schedule.GroupedScheduler(settings, costs));
    }

    private double now() {
        return (System.nanoTime() - origin) / 1e9;
    }

    @Override
    public CompletionStage<List<Generation>> generate(String modelId, List<Prompt> prompts, GenerationParams params) {
        List<CompletableFuture<Generation>> results = new ArrayList<>();
        List<Pending> items = new ArrayList<>();
        for (Prompt p : prompts) {
            CompletableFuture<Generation> f = new CompletableFuture<>();
            results.add(f);
            items.add(new Pending(new Request(p.instanceId() + "#" + ids.incrementAndGet(), modelId, 0), p, params, f));
        }
        loop.execute(() -> {
            double t = now();
            for (Pending p : items) {
                Request r = new Request(p.request().id(), modelId, t);
                queue.put(r.id(), new Pending(r, p.prompt(), p.params(), p.result()));
            }
            queuedPerModel.merge(modelId, items.size(), Integer::sum);
            dispatch();
        });
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .thenApply(v -> results.stream().map(CompletableFuture::join).toList());
    }

    /** Runs on the loop thread only. */
    private void dispatch() {
        if (wake != null) {
            wake.cancel(false);
            wake = null;
        }
        while (serving.size() < maxConcurrentBatches) {
            // The scheduler sees only requests whose model is free: a model serves one batch at a time.
            List<Request> requests = queue.values().stream().map(Pending::request)
                    .filter(r -> !serving.contains(r.modelId())).toList();
            if (requests.isEmpty()) {
                return;
            }
            Decision d = scheduler.next(now(), requests, pool.residency().resident());
            switch (d) {
                case Decision.Idle i -> {
                    return;
                }
                case Decision.Wait w -> {
                    long delayNanos = Math.max(1_000_000L, (long) ((w.untilSeconds() - now()) * 1e9));
                    wake = loop.schedule(this::dispatch, delayNanos, TimeUnit.NANOSECONDS);
                    return;
                }
                case Decision.Serve s -> serve(s, requests);
            }
        }
    }

    private void serve(Decision.Serve s, List<Request> queued) {
        GenerationParams params = queue.get(s.requests().getFirst().id()).params();
        List<Pending> batch = new ArrayList<>();
        for (Request r : s.requests()) {
            Pending p = queue.get(r.id());
            if (p.params().equals(params)) {
                batch.add(queue.remove(r.id()));
            }
        }
        queuedPerModel.computeIfPresent(s.modelId(), (m, n) -> n - batch.size() <= 0 ? null : n - batch.size());
        serving.add(s.modelId());
        FurthestNextUseEviction eviction = FurthestNextUseEviction.forQueue(queued);
        pool.generate(s.modelId(), batch.stream().map(Pending::prompt).toList(), params, eviction)
                .handle((gens, err) -> {
                    if (err != null && batch.size() > 1 && promptSpecific(err)) {
                        // One request's problem (an unrecorded question, a prompt too long) must not fail the
                        // others it was grouped with: run each prompt alone, so each gets its own outcome.
                        return alone(s.modelId(), batch, params, eviction);
                    }
                    for (int i = 0; i < batch.size(); i++) {
                        if (err != null) {
                            batch.get(i).result().completeExceptionally(err);
                        } else {
                            batch.get(i).result().complete(gens.get(i));
                        }
                    }
                    return CompletableFuture.<Void>completedFuture(null);
                })
                .thenCompose(done -> done)
                .whenComplete((v, err) -> loop.execute(() -> {
                    serving.remove(s.modelId());
                    dispatch();
                }));
    }

    private static boolean promptSpecific(Throwable err) {
        Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null
                ? err.getCause() : err;
        return cause instanceof io.symoe.core.generation.GenerationException g
                && (g.kind() == io.symoe.core.generation.GenerationException.Kind.NOT_FOUND
                || g.kind() == io.symoe.core.generation.GenerationException.Kind.CONTEXT_LENGTH);
    }

    /** Runs each pending prompt as its own call, one after another, completing each with its own result. */
    private CompletableFuture<Void> alone(String modelId, List<Pending> batch, GenerationParams params,
                                          FurthestNextUseEviction eviction) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (Pending p : batch) {
            chain = chain.thenCompose(v -> pool.generate(modelId, List.of(p.prompt()), params, eviction)
                    .handle((gens, err) -> {
                        if (err != null) {
                            p.result().completeExceptionally(err);
                        } else {
                            p.result().complete(gens.getFirst());
                        }
                        return (Void) null;
                    }));
        }
        return chain;
    }

    /** Requests waiting per model (models with none are absent). */
    public Map<String, Integer> queueLengths() {
        return Map.copyOf(queuedPerModel);
    }

    /** Requests waiting in all. */
    public int queued() {
        return queuedPerModel.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Stops the loop; requests still queued fail rather than hang. */
    @Override
    public void close() {
        try {
            loop.submit(() -> {
                queue.values().forEach(p -> p.result().completeExceptionally(new java.util.concurrent.CancellationException(
                        "online dispatcher closed before " + p.request().id() + " was served")));
                queue.clear();
                queuedPerModel.clear();
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // The loop is gone or stuck; shutting it down below is all that is left to do.
        }
        loop.shutdownNow();
    }
}
