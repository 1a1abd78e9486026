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

    @Test
    void groupedSchedulerReordersTheQueueAndSavesLoads() throws Exception {
        int grouped = loadsFor(new GroupedScheduler(new GroupedScheduler.Settings(30, 0, 100), CostModel.uniform(0.06, 0.005)));
        int fifo = loadsFor(new FifoScheduler());
        assertEquals(3, grouped, "A A A B C: one load per model");
        assertEquals(4, fifo, "A B A A C: A loads twice");
        assertEquals(3, loadsFor(pool -> OnlineDispatcher.grouped(pool, new GroupedScheduler.Settings(30, 0, 100), 0.005)),
                "with swap costs from the pool's measured load times");
    }
}
