package io.symoe.modelpool.residency;

import io.symoe.core.generation.GenerationException;
import io.symoe.modelpool.backend.replay.ReplayBackend;
import io.symoe.modelpool.backend.replay.ReplayTiming;
import io.symoe.modelpool.testing.RecordedFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResidencyManagerTest {
    /** The manager's monotonic clock in nanoseconds; tests move it instead of sleeping. */
    private final AtomicLong clock = new AtomicLong();
    /** Wake-ups the manager scheduled, run by {@link #runWakeUps} when a test moves the clock past them. */
    private final List<Runnable> wakeUps = new CopyOnWriteArrayList<>();
    /** A timer that records one-shot tasks instead of running them, so time only passes when a test says so. */
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1) {
        @Override
        public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
            wakeUps.add(task);
            return super.schedule(() -> { }, 1, TimeUnit.DAYS);
        }
    };

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private ResidencyManager manager(ReplayBackend replay, long budget, Duration minResidency) {
        List<ResidentModelSpec> specs = List.of(
                new ResidentModelSpec("alpha", 10, Duration.ofSeconds(1), replay),
                new ResidentModelSpec("beta", 10, Duration.ofSeconds(1), replay),
                new ResidentModelSpec("gamma", 5, Duration.ofSeconds(1), replay));
        return new ResidencyManager(budget, minResidency, specs, timer);
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> s) throws Exception {
        return s.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void swapsUnderABudgetOfOneModelAndCountsLoads() throws Exception {
        ReplayBackend replay = new ReplayBackend("r", RecordedFixtures.small(), m -> ReplayTiming.INSTANT);
        ResidencyManager rm = manager(replay, 10, Duration.ZERO);
        await(rm.acquire("alpha")).close();
        assertEquals(Set.of("alpha"), rm.resident());
        await(rm.acquire("alpha")).close();
        assertEquals(1, rm.loads(), "a resident model is not loaded again");
        await(rm.acquire("beta")).close();
        assertEquals(Set.of("beta"), rm.resident());
        assertEquals(Set.of("beta"), await(replay.residentModels()), "the backend really unloaded alpha");
        assertEquals(2, rm.loads());
    }

    @Test
    void explicitLoadAndUnloadNotifyListenersAndRespectInFlightRequests() throws Exception {
        ReplayBackend replay = new ReplayBackend("r", RecordedFixtures.small(), m -> ReplayTiming.INSTANT);
        ResidencyManager rm = manager(replay, 10, Duration.ZERO);
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        rm.addListener(new ResidencyManager.Listener() {
            @Override
            public void loaded(String modelId, Duration took) {
                events.add("load " + modelId);
            }

            @Override
            public void unloaded(String modelId, Duration took) {
                events.add("unload " + modelId);
            }
        });
        await(rm.load("alpha"));
        assertEquals(Set.of("alpha"), rm.resident());
        assertEquals(0, rm.inFlight("alpha"), "an explicit load does not pin the model");
        await(rm.load("beta"));
        assertEquals(List.of("load alpha", "unload alpha", "load beta"), events, "the budget of one model swaps");

        ResidencyManager.Lease busy = await(rm.acquire("beta"));
        var refused = assertThrows(ExecutionException.class, () -> rm.unload("beta").toCompletableFuture().get());
        assertInstanceOf(IllegalStateException.class, refused.getCause());
        busy.close();
        await(rm.unload("beta"));
        assertEquals(Set.of(), rm.resident());
        assertEquals(Set.of(), await(replay.residentModels()));
        assertEquals("unload beta", events.getLast());
        await(rm.unload("beta"));
        var unknown = assertThrows(ExecutionException.class, () -> rm.unload("nope").toCompletableFuture().get());
        assertInstanceOf(GenerationException.class, unknown.getCause());
    }

    @Test
    void neverEvictsAModelWithRequestsInFlight() throws Exception {
        ReplayBackend replay = new ReplayBackend("r", RecordedFixtures.small(), m -> ReplayTiming.INSTANT);
        ResidencyManager rm = manager(replay, 10, Duration.ZERO);
        ResidencyManager.Lease alpha = await(rm.acquire("alpha"));
        // The eviction decision is taken inside acquire, so once it returns beta is either loading or waiting:
        // no sleep is needed to see that it waits.
        CompletableFuture<ResidencyManager.Lease> beta = rm.acquire("beta").toCompletableFuture();
        assertFalse(beta.isDone(), "beta must wait while alpha serves requests");
        assertEquals(List.of(), wakeUps, "an in-flight request blocks without a deadline, not on a timer");
        assertEquals(Set.of("alpha"), rm.resident());
        assertEquals(1, rm.inFlight("alpha"));
        alpha.close();
        beta.get(5, TimeUnit.SECONDS).close();
        assertEquals(Set.of("beta"), rm.resident());
    }

    @Test
    void keepsAModelForItsMinimumResidency() throws Exception {
        ReplayBackend replay = new ReplayBackend("r", RecordedFixtures.small(), m -> ReplayTiming.INSTANT);
        ResidencyManager rm = new ResidencyManager(10, Duration.ofMillis(400), List.of(
                new ResidentModelSpec("alpha", 10, Duration.ofSeconds(1), replay),
                new ResidentModelSpec("beta", 10, Duration.ofSeconds(1), replay)), timer, clock::get);
        await(rm.acquire("alpha")).close();
        CompletableFuture<ResidencyManager.Lease> beta = rm.acquire("beta").toCompletableFuture();
        assertFalse(beta.isDone(), "alpha was loaded 0 ms ago");
        assertEquals(1, wakeUps.size(), "beta waits on a timer for alpha's minimum residency");

        clock.set(Duration.ofMillis(399).toNanos());
        runWakeUps();
        assertFalse(beta.isDone(), "alpha was evicted after 399 ms, before its 400 ms minimum residency");
        assertEquals(Set.of("alpha"), rm.resident());

        clock.set(Duration.ofMillis(400).toNanos());
        runWakeUps();
        beta.get(5, TimeUnit.SECONDS).close();
        assertEquals(Set.of("beta"), rm.resident(), "alpha is evicted once its minimum residency is over");
    }

    /** Runs the wake-ups the manager asked the timer for, as if their delay had passed on {@link #clock}. */
    private void runWakeUps() {
        List<Runnable> due = List.copyOf(wakeUps);
        wakeUps.clear();
        due.forEach(Runnable::run);
    }

    @Test
    void measuresLoadTimesAsRunningEstimates() throws Exception {
        ReplayBackend replay = new ReplayBackend("r", RecordedFixtures.small(),
                m -> new ReplayTiming(Duration.ofMillis(150), Duration.ZERO, 1.0));
        ResidencyManager rm = manager(replay, 0, Duration.ZERO);
        assertEquals(Duration.ofSeconds(1), rm.loadTime("alpha"), "the configured value until measured");
        await(rm.acquire("alpha")).close();
        Duration measured = rm.loadTime("alpha");
        assertTrue(measured.toMillis() >= 140 && measured.toMillis() < 900, "measured " + measured);
        assertEquals(Duration.ofSeconds(1), rm.loadTime("beta"));
    }

    @Test
    void unlimitedBudgetKeepsEverythingAndSmallModelsShareTheBudget() throws Exception {
        ReplayBackend replay = new ReplayBackend("r", RecordedFixtures.small(), m -> ReplayTiming.INSTANT);
        ResidencyManager unlimited = manager(replay, 0, Duration.ZERO);
        await(unlimited.acquire("alpha")).close();
        await(unlimited.acquire("beta")).close();
        assertEquals(Set.of("alpha", "beta"), unlimited.resident());

        ResidencyManager fifteen = manager(new ReplayBackend("r2", RecordedFixtures.small(), m -> ReplayTiming.INSTANT), 15, Duration.ZERO);
        await(fifteen.acquire("alpha")).close();
        await(fifteen.acquire("gamma")).close();
        assertEquals(Set.of("alpha", "gamma"), fifteen.resident());
    }

    @Test
    void rejectsUnknownModelsAndModelsLargerThanTheBudget() throws Exception {
        ReplayBackend replay = new ReplayBackend("r", RecordedFixtures.small(), m -> ReplayTiming.INSTANT);
        ResidencyManager rm = manager(replay, 10, Duration.ZERO);
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(rm.acquire("delta")));
        assertEquals(GenerationException.Kind.NOT_FOUND, assertInstanceOf(GenerationException.class, e.getCause()).kind());
        assertThrows(IllegalArgumentException.class, () -> new ResidencyManager(5, Duration.ZERO,
                List.of(new ResidentModelSpec("alpha", 10, Duration.ZERO, replay)), timer));
    }
}
