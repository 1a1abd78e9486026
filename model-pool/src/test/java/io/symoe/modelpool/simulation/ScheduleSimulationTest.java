package io.symoe.modelpool.simulation;

import io.symoe.core.recorded.RecordedOutcome;
import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.modelpool.schedule.CostModel;
import io.symoe.modelpool.schedule.FifoScheduler;
import io.symoe.modelpool.schedule.FurthestNextUseEviction;
import io.symoe.modelpool.schedule.GroupedScheduler;
import io.symoe.modelpool.schedule.Request;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScheduleSimulationTest {
    private final CostModel costs = CostModel.uniform(10, 1);
    private final List<Request> trace = List.of(new Request("1", "A", 0), new Request("2", "B", 0), new Request("3", "A", 0));

    @Test
    void fifoPaysALoadPerSwap() {
        SimulationResult r = new ScheduleSimulation(costs, 1).online(trace, new FifoScheduler(), (q, t) -> FurthestNextUseEviction.lru());
        // load A (10) → 1 starts at 10; load B → 2 at 21; load A again → 3 at 32.
        assertEquals(3, r.loads());
        assertEquals(Map.of("1", 10.0, "2", 21.0, "3", 32.0), r.waits());
        assertEquals(33.0, r.makespanSeconds());
        assertEquals(21.0, r.waitPercentile(50));
        assertEquals(32.0, r.waitPercentile(95));
    }

    @Test
    void groupedAndOfflineLoadEachModelOnce() {
        ScheduleSimulation sim = new ScheduleSimulation(costs, 1);
        SimulationResult online = sim.online(trace, new GroupedScheduler(new GroupedScheduler.Settings(100, 0, 10), costs),
                (q, t) -> FurthestNextUseEviction.forQueue(q));
        SimulationResult offline = sim.offline(trace);
        for (SimulationResult r : List.of(online, offline)) {
            assertEquals(2, r.loads());
            assertEquals(Map.of("1", 10.0, "3", 11.0, "2", 22.0), r.waits());
            assertEquals(List.of("1", "3", "2"), r.servedOrder());
        }
        assertEquals(2, ScheduleSimulation.lowerBoundLoads(trace));
    }

    @Test
    void categoryRecruiterPicksTheBestModelsOfTheCategory() {
        RecordedOutcome right = new RecordedOutcome(null, "A", 1, 0);
        RecordedOutcome wrong = new RecordedOutcome(null, "B", 0, 0);
        List<RecordedQuestion> profile = List.of(
                new RecordedQuestion("1", "q", List.of(), "A", "law", Map.of("x", right, "y", wrong, "z", right, "w", wrong)),
                new RecordedQuestion("2", "q", List.of(), "A", "law", Map.of("x", right, "y", wrong, "z", wrong, "w", right)),
                new RecordedQuestion("3", "q", List.of(), "A", "math", Map.of("x", wrong, "y", right, "z", wrong, "w", wrong)));
        CategoryTopKRecruiter r = new CategoryTopKRecruiter(profile, 2);
        assertEquals(List.of("x", "w"), r.apply(new RecordedQuestion("9", "q", List.of(), "A", "law", Map.of())));
        assertEquals(List.of("y", "w"), r.apply(new RecordedQuestion("9", "q", List.of(), "A", "math", Map.of())));
        // Unknown category: overall accuracy (x 2/3, then ties broken by id).
        assertEquals(List.of("x", "w"), r.apply(new RecordedQuestion("9", "q", List.of(), "A", "chemistry", Map.of())));
    }
}
