package io.symoe.modelpool.pool;

import io.symoe.core.generation.Generation;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Prompt;
import io.symoe.modelpool.backend.ModelBackend;
import io.symoe.modelpool.backend.replay.ReplayBackend;
import io.symoe.modelpool.backend.replay.ReplayTiming;
import io.symoe.modelpool.residency.ResidencyManager;
import io.symoe.modelpool.residency.ResidentModelSpec;
import io.symoe.modelpool.schedule.CostModel;
import io.symoe.modelpool.schedule.FifoScheduler;
import io.symoe.modelpool.schedule.GroupedScheduler;
import io.symoe.modelpool.schedule.Scheduler;
import io.symoe.modelpool.testing.RecordedFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The scheduler driving a real pool (replay backend with real-time loads) in place of the simulation. */
class OnlineDispatcherTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private ModelPool pool() {
        ReplayBackend replay = new ReplayBackend("r", RecordedFixtures.small(),
                m -> new ReplayTiming(Duration.ofMillis(60), Duration.ofMillis(5), 1.0));
        Map<String, ModelBackend> byModel = Map.of("alpha", replay, "beta", replay, "gamma", replay);
        List<ResidentModelSpec> specs = byModel.keySet().stream().map(m -> new ResidentModelSpec(m, 1, Duration.ofMillis(60), replay)).toList();
        return new ModelPool(byModel, new ResidencyManager(1, Duration.ZERO, specs, timer));
    }

    /** Submits the llama-swap #612 queue A B A A C at once and returns the loads it took. */
    private int loadsFor(Scheduler scheduler) throws Exception {
        return loadsFor(pool -> new OnlineDispatcher(pool, scheduler));
    }

    private int loadsFor(java.util.function.Function<ModelPool, OnlineDispatcher> dispatcher) throws Exception {
        try (ModelPool pool = pool(); OnlineDispatcher d = dispatcher.apply(pool)) {
            List<String> models = List.of("alpha", "beta", "alpha", "alpha", "gamma");
            List<CompletableFuture<List<Generation>>> all = new ArrayList<>();
            for (int i = 0; i < models.size(); i++) {
                all.add(d.generate(models.get(i), List.of(Prompt.ofUser("p" + i, "What is 2 + 2?")), GenerationParams.GREEDY).toCompletableFuture());
            }
            for (int i = 0; i < models.size(); i++) {
                Generation g = all.get(i).get(10, TimeUnit.SECONDS).getFirst();
                assertEquals(models.get(i), g.modelId());
                assertEquals("p" + i, g.instanceId());
            }
            return pool.residency().loads();
        }
    }

    /**
     * Wraps the real replay backend to record how many batches run at once (a probe, not a fake: every call still
     * goes to the replay backend).
     */
    static final class ConcurrencyProbe implements ModelBackend {
        final ModelBackend delegate;
        final java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger max = new java.util.concurrent.atomic.AtomicInteger();

        ConcurrencyProbe(ModelBackend delegate) {
            this.delegate = delegate;
        }

        @Override
        public String id() {
            return delegate.id();
        }

        @Override
        public io.symoe.modelpool.backend.Capabilities capabilities() {
            return delegate.capabilities();
        }

        @Override
        public java.util.concurrent.CompletionStage<List<Generation>> generate(String modelId, List<Prompt> prompts,
                                                                             GenerationParams params) {
            max.accumulateAndGet(running.incrementAndGet(), Math::max);
            return delegate.generate(modelId, prompts, params).whenComplete((g, e) -> running.decrementAndGet());
        }

        @Override
        public java.util.concurrent.CompletionStage<List<String>> listModels() {
            return delegate.listModels();
        }

        @Override
        public java.util.concurrent.CompletionStage<java.util.Set<String>> residentModels() {
            return delegate.residentModels();
        }

        @Override
        public java.util.concurrent.CompletionStage<Void> load(String modelId) {
            return delegate.load(modelId);
        }

        @Override
        public java.util.concurrent.CompletionStage<Void> unload(String modelId) {
            return delegate.unload(modelId);
        }

        @Override
        public java.util.concurrent.CompletionStage<io.symoe.modelpool.backend.Health> health() {
            return delegate.health();
        }
    }

    private int maxConcurrentBatches(long budget) throws Exception {
        ConcurrencyProbe probe = new ConcurrencyProbe(new ReplayBackend("r", RecordedFixtures.small(),
                m -> new ReplayTiming(Duration.ZERO, Duration.ofMillis(150), 1.0)));
        Map<String, ModelBackend> byModel = Map.of("alpha", probe, "beta", probe, "gamma", probe);
        List<ResidentModelSpec> specs = byModel.keySet().stream()
                .map(m -> new ResidentModelSpec(m, 1, Duration.ZERO, probe)).toList();
        try (ModelPool pool = new ModelPool(byModel, new ResidencyManager(budget, Duration.ZERO, specs, timer));
             OnlineDispatcher d = OnlineDispatcher.grouped(pool, new GroupedScheduler.Settings(30, 0, 100), 0.15)) {
            List<CompletableFuture<List<Generation>>> all = new ArrayList<>();
            for (String m : List.of("alpha", "beta", "gamma", "alpha")) {
                all.add(d.generate(m, List.of(Prompt.ofUser("p-" + m + all.size(), "What is 2 + 2?")), GenerationParams.GREEDY)
                        .toCompletableFuture());
            }
            for (var f : all) {
                f.get(10, TimeUnit.SECONDS);
            }
        }
        return probe.max.get();
    }

    @Test
    void batchesOfDifferentModelsRunConcurrentlyOnlyWithoutAMemoryBudget() throws Exception {
        assertEquals(1, maxConcurrentBatches(1), "one model's memory at a time: one batch at a time");
        int unbudgeted = maxConcurrentBatches(0);
        org.junit.jupiter.api.Assertions.assertTrue(unbudgeted >= 2 && unbudgeted <= 3,
                "independent models run side by side, one batch per model: " + unbudgeted);
    }

    @Test
    void groupedSchedulerReordersTheQueueAndSavesLoads() throws Exception {
        int grouped = loadsFor(new GroupedScheduler(new GroupedScheduler.Settings(30, 0, 100), CostModel.uniform(0.06, 0.005)));
        int fifo = loadsFor(new FifoScheduler());
        assertEquals(3, grouped, "A A A B C: one load per model");
        assertEquals(4, fifo, "A B A A C: A loads twice");
        assertEquals(3, loadsFor(pool -> OnlineDispatcher.grouped(pool, new GroupedScheduler.Settings(30, 0, 100), 0.005)),
                "with swap costs from the pool's measured load times");
    }

    /**
     * Issue 18's long fuzz run: concurrent requests for one expert are grouped into one batch, and one unrecorded
     * question in it failed every request of the batch with "not recorded". Each request gets its own outcome.
     */
    @Test
    void oneUnrecordedPromptDoesNotFailTheRequestsGroupedWithIt() throws Exception {
        try (ModelPool pool = pool();
             OnlineDispatcher d = OnlineDispatcher.grouped(pool, new GroupedScheduler.Settings(30, 0, 100), 0.005)) {
            // The first request occupies alpha (a 60 ms load), so the next two queue and are served as one batch.
            var first = d.generate("alpha", List.of(Prompt.ofUser("first", "What is 2 + 2?")), GenerationParams.GREEDY)
                    .toCompletableFuture();
            var recorded = d.generate("alpha", List.of(Prompt.ofUser("ok", "What is 2 + 2?")), GenerationParams.GREEDY)
                    .toCompletableFuture();
            var unrecorded = d.generate("alpha", List.of(Prompt.ofUser("nope", "A question nobody recorded?")),
                    GenerationParams.GREEDY).toCompletableFuture();
            assertEquals("first", first.get(10, TimeUnit.SECONDS).getFirst().instanceId());
            assertEquals("ok", recorded.get(10, TimeUnit.SECONDS).getFirst().instanceId());
            var e = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> unrecorded.get(10, TimeUnit.SECONDS));
            var cause = e.getCause() instanceof java.util.concurrent.CompletionException c ? c.getCause() : e.getCause();
            assertEquals(io.symoe.core.generation.GenerationException.Kind.NOT_FOUND,
                    ((io.symoe.core.generation.GenerationException) cause).kind(), String.valueOf(cause));
        }
    }
}
