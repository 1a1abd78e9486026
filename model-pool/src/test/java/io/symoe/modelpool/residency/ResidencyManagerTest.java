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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResidencyManagerTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

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
        CompletableFuture<ResidencyManager.Lease> beta = rm.acquire("beta").toCompletableFuture();
        Thread.sleep(100);
        assertFalse(beta.isDone(), "beta must wait while alpha serves requests");
        assertEquals(Set.of("alpha"), rm.resident());
        assertEquals(1, rm.inFlight("alpha"));
        alpha.close();
        beta.get(5, TimeUnit.SECONDS).close();
        assertEquals(Set.of("beta"), rm.resident());
    }

    @Test
    void keepsAModelForItsMinimumResidency() throws Exception {
        ReplayBackend replay = new ReplayBackend("r", RecordedFixtures.small(), m -> ReplayTiming.INSTANT);
        ResidencyManager rm = manager(replay, 10, Duration.ofMillis(400));
        long t0 = System.nanoTime();
        await(rm.acquire("alpha")).close();
        CompletableFuture<ResidencyManager.Lease> beta = rm.acquire("beta").toCompletableFuture();
        Thread.sleep(100);
        assertFalse(beta.isDone());
        beta.get(5, TimeUnit.SECONDS).close();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 350, "alpha was evicted after " + ms + " ms, before its 400 ms minimum residency");
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
