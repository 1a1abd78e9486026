package io.symoe.modelpool.schedule;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class FurthestNextUseEvictionTest {

    private static Resident res(String id, long size, double loadedAt, double lastUsed, int inFlight) {
        return new Resident(id, size, loadedAt, lastUsed, inFlight);
    }

    @Test
    void evictsTheModelNeededFurthestInTheFuture() {
        Residency r = new Residency(10, 0, List.of(res("a", 5, 0, 9, 0), res("b", 5, 0, 1, 0)));
        Map<String, Double> next = Map.of("a", 100.0, "b", 3.0);
        EvictionDecision d = new FurthestNextUseEviction(next::get).decide("c", 5, r, 10);
        assertEquals(List.of("a"), assertInstanceOf(EvictionDecision.Fits.class, d).evict());
    }

    @Test
    void lruEvictsTheLeastRecentlyUsedAndOnlyAsMuchAsNeeded() {
        Residency r = new Residency(12, 0, List.of(res("a", 4, 0, 9, 0), res("b", 4, 0, 1, 0), res("c", 4, 0, 5, 0)));
        EvictionDecision d = FurthestNextUseEviction.lru().decide("x", 6, r, 10);
        assertEquals(List.of("b", "c"), assertInstanceOf(EvictionDecision.Fits.class, d).evict());
    }

    @Test
    void neverEvictsAModelWithRequestsInFlight() {
        Residency r = new Residency(10, 0, List.of(res("busy", 10, 0, 0, 2)));
        EvictionDecision d = FurthestNextUseEviction.lru().decide("x", 5, r, 100);
        EvictionDecision.Blocked b = assertInstanceOf(EvictionDecision.Blocked.class, d);
        assertEquals(Double.POSITIVE_INFINITY, b.retryAtSeconds());
    }

    @Test
    void respectsMinimumResidency() {
        Residency r = new Residency(10, 60, List.of(res("fresh", 10, 50, 50, 0)));
        EvictionDecision.Blocked b = assertInstanceOf(EvictionDecision.Blocked.class,
                FurthestNextUseEviction.lru().decide("x", 5, r, 70));
        assertEquals(110.0, b.retryAtSeconds());
        assertEquals(List.of("fresh"), assertInstanceOf(EvictionDecision.Fits.class,
                FurthestNextUseEviction.lru().decide("x", 5, r, 110)).evict());
    }

    @Test
    void freeMemoryUnlimitedBudgetAndOversizedTargets() {
        Residency r = new Residency(10, 0, List.of(res("a", 4, 0, 0, 0)));
        assertEquals(List.of(), assertInstanceOf(EvictionDecision.Fits.class, FurthestNextUseEviction.lru().decide("x", 6, r, 0)).evict());
        assertInstanceOf(EvictionDecision.NeverFits.class, FurthestNextUseEviction.lru().decide("x", 11, r, 0));
        Residency unlimited = new Residency(0, 0, List.of(res("a", 400, 0, 0, 0)));
        assertEquals(List.of(), assertInstanceOf(EvictionDecision.Fits.class, FurthestNextUseEviction.lru().decide("x", 600, unlimited, 0)).evict());
    }

    @Test
    void offlinePlanKeepsModelsNeededAfterTheBatchForLast() {
        List<Request> reqs = List.of(new Request("1", "agg", 0), new Request("2", "e1", 0), new Request("3", "e2", 0));
        OfflinePlan plan = OfflineScheduler.plan(reqs, new Residency(1, 0, List.of(res("e2", 1, 0, 0, 0))),
                m -> 1L, java.util.Set.of("agg"));
        assertEquals(List.of("e2", "e1", "agg"), plan.order());
        assertEquals(2, plan.loads());
        assertEquals(List.of("e2"), plan.steps().get(1).evict());
    }
}
