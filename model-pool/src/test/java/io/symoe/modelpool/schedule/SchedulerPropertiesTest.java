package io.symoe.modelpool.schedule;

import io.symoe.modelpool.simulation.ScheduleSimulation;
import io.symoe.modelpool.simulation.SimulationResult;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class SchedulerPropertiesTest {

    private record Arrival(int model, double gap) {}

    @Provide
    Arbitrary<List<Request>> traces() {
        return Combinators.combine(Arbitraries.integers().between(0, 7), Arbitraries.doubles().between(0, 40).ofScale(1))
                .as(Arrival::new).list().ofMinSize(1).ofMaxSize(150).map(arrivals -> {
                    List<Request> out = new ArrayList<>();
                    double t = 0;
                    for (int i = 0; i < arrivals.size(); i++) {
                        t += arrivals.get(i).gap();
                        out.add(new Request("r" + i, "m" + arrivals.get(i).model(), t));
                    }
                    return out;
                });
    }

    private static Set<String> distinct(List<Request> trace) {
        Set<String> models = new LinkedHashSet<>();
        trace.forEach(r -> models.add(r.modelId()));
        return models;
    }

    private static void assertServedExactlyOnce(List<Request> trace, List<String> served) {
        assertEquals(trace.size(), served.size(), "served count");
        assertEquals(trace.size(), new HashSet<>(served).size(), "a request was served twice");
        Set<String> ids = new HashSet<>();
        trace.forEach(r -> ids.add(r.id()));
        assertEquals(ids, new HashSet<>(served));
    }

    @Property(tries = 200)
    void offlineServesEachRequestOnceAndLoadsEachModelOnce(@ForAll("traces") List<Request> trace,
                                                           @ForAll @IntRange(min = 1, max = 6) int maxFootprint,
                                                           @ForAll @IntRange(min = 0, max = 20) int extraBudget) {
        Map<String, Long> footprint = new HashMap<>();
        for (String m : distinct(trace)) {
            footprint.put(m, 1L + Math.floorMod(m.hashCode(), maxFootprint));
        }
        long largest = footprint.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        long budget = largest + extraBudget; // the budget always holds the largest model
        OfflinePlan plan = OfflineScheduler.plan(trace, budget, footprint::get);

        List<String> served = new ArrayList<>();
        plan.steps().forEach(s -> s.requests().forEach(r -> served.add(r.id())));
        assertServedExactlyOnce(trace, served);
        assertEquals(distinct(trace).size(), plan.loads(), "offline loads must equal the lower bound");
        assertEquals(plan.steps().size(), new HashSet<>(plan.order()).size(), "each model runs once");

        // Replaying the plan's evictions never exceeds the budget.
        Set<String> resident = new HashSet<>();
        for (OfflinePlan.Step s : plan.steps()) {
            s.evict().forEach(m -> assertTrue(resident.remove(m), "evicts non-resident " + m));
            resident.add(s.modelId());
            long used = resident.stream().mapToLong(footprint::get).sum();
            assertTrue(used <= budget, "used " + used + " > budget " + budget);
            s.requests().forEach(r -> assertEquals(s.modelId(), r.modelId()));
        }
    }

    @Property(tries = 200)
    void onlineServesEachRequestOnceAndNeverOvertakesAnOverdueRequest(@ForAll("traces") List<Request> trace,
                                                                      @ForAll @IntRange(min = 0, max = 300) int maxWait,
                                                                      @ForAll @IntRange(min = 1, max = 3) int budget,
                                                                      @ForAll @IntRange(min = 1, max = 20) int maxBatch) {
        CostModel costs = CostModel.uniform(30, 2);
        GroupedScheduler grouped = new GroupedScheduler(new GroupedScheduler.Settings(maxWait, 1.0, maxBatch), costs);
        Scheduler checked = (now, queue, resident) -> {
            Decision d = grouped.next(now, queue, resident);
            List<Request> overdue = queue.stream().filter(r -> now - r.arrivalSeconds() >= maxWait).toList();
            switch (d) {
                case Decision.Serve s -> {
                    for (Request late : overdue) {
                        boolean olderServed = s.requests().stream().anyMatch(r -> r.arrivalSeconds() <= late.arrivalSeconds());
                        if (!olderServed) {
                            fail("at " + now + " " + late.id() + " is overdue but batch " + s.requests() + " is all younger");
                        }
                    }
                    assertTrue(s.requests().size() <= maxBatch);
                }
                case Decision.Wait w -> {
                    assertTrue(overdue.isEmpty(), "waits while " + overdue + " are overdue");
                    assertTrue(w.untilSeconds() > now);
                }
                case Decision.Idle i -> assertTrue(queue.isEmpty());
            }
            return d;
        };
        SimulationResult r = new ScheduleSimulation(costs, budget)
                .online(trace, checked, (q, now) -> FurthestNextUseEviction.forQueue(q));
        assertServedExactlyOnce(trace, r.servedOrder());
        assertTrue(r.loads() >= Math.min(distinct(trace).size(), 1));
    }

    @Property(tries = 100)
    void onlineOnABatchPresentAtTimeZeroLoadsEachModelOnce(@ForAll("traces") List<Request> trace,
                                                          @ForAll @IntRange(min = 0, max = 300) int maxWait) {
        List<Request> batch = trace.stream().map(r -> new Request(r.id(), r.modelId(), 0)).toList();
        CostModel costs = CostModel.uniform(30, 2);
        SimulationResult r = new ScheduleSimulation(costs, 1).online(batch,
                new GroupedScheduler(new GroupedScheduler.Settings(maxWait, 1.0, Integer.MAX_VALUE), costs),
                (q, now) -> FurthestNextUseEviction.forQueue(q));
        assertEquals(distinct(batch).size(), r.loads());
        assertServedExactlyOnce(batch, r.servedOrder());
    }

    @Property(tries = 100)
    void fifoServesInArrivalOrder(@ForAll("traces") List<Request> trace) {
        SimulationResult r = new ScheduleSimulation(CostModel.uniform(30, 2), 1)
                .online(trace, new FifoScheduler(), (q, now) -> FurthestNextUseEviction.lru());
        assertEquals(trace.stream().map(Request::id).toList(), r.servedOrder());
    }

    @Property(tries = 100)
    void groupedNeverLoadsMoreThanFifoOnABatch(@ForAll("traces") List<Request> trace) {
        List<Request> batch = trace.stream().map(r -> new Request(r.id(), r.modelId(), 0)).toList();
        CostModel costs = CostModel.uniform(30, 2);
        ScheduleSimulation sim = new ScheduleSimulation(costs, 1);
        int fifo = sim.online(batch, new FifoScheduler(), (q, now) -> FurthestNextUseEviction.lru()).loads();
        int grouped = sim.online(batch, new GroupedScheduler(new GroupedScheduler.Settings(60, 1, 1000), costs),
                (q, now) -> FurthestNextUseEviction.forQueue(q)).loads();
        assertTrue(grouped <= fifo, grouped + " > " + fifo);
        assertFalse(grouped == 0);
    }
}
