package io.symoe.modelpool.simulation;

import io.symoe.modelpool.schedule.CostModel;
import io.symoe.modelpool.schedule.FifoScheduler;
import io.symoe.modelpool.schedule.FurthestNextUseEviction;
import io.symoe.modelpool.schedule.GroupedScheduler;
import io.symoe.modelpool.schedule.Request;

import java.util.List;

/**
 * FIFO vs the online grouped scheduler vs the offline scheduler on one arrival trace, in simulated time.
 * FIFO evicts least-recently-used (as a plain model swapper does); the online scheduler evicts the model whose
 * queued demand is furthest away; the offline scheduler uses Belady on its known plan.
 */
public final class ScheduleBenchmark {
    private ScheduleBenchmark() {}

    public record Row(int loads, double waitP50Seconds, double waitP95Seconds, double makespanSeconds) {
        static Row of(SimulationResult r) {
            return new Row(r.loads(), r.waitPercentile(50), r.waitPercentile(95), r.makespanSeconds());
        }
    }

    public record Report(int lowerBoundLoads, int requests, Row fifo, Row online, Row offline) {}

    public static Report run(List<Request> trace, CostModel costs, int budgetModels, GroupedScheduler.Settings online) {
        ScheduleSimulation sim = new ScheduleSimulation(costs, budgetModels);
        SimulationResult fifo = sim.online(trace, new FifoScheduler(), (q, now) -> FurthestNextUseEviction.lru());
        SimulationResult grouped = sim.online(trace, new GroupedScheduler(online, costs),
                (q, now) -> FurthestNextUseEviction.forQueue(q));
        SimulationResult offline = sim.offline(trace);
        return new Report(ScheduleSimulation.lowerBoundLoads(trace), trace.size(),
                Row.of(fifo), Row.of(grouped), Row.of(offline));
    }
}
