package io.symoe.modelpool.schedule;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class GroupedSchedulerTest {
    private final CostModel costs = CostModel.uniform(30, 2);

    private static Request r(String id, String model, double t) {
        return new Request(id, model, t);
    }

    @Test
    void reordersTheLlamaSwapExampleIntoGroups() {
        // llama-swap #612: A B A A C should run as A A A B C.
        List<Request> q = List.of(r("1", "A", 0), r("2", "B", 0), r("3", "A", 0), r("4", "A", 0), r("5", "C", 0));
        GroupedScheduler s = new GroupedScheduler(new GroupedScheduler.Settings(600, 0, 100), costs);
        Decision.Serve first = assertInstanceOf(Decision.Serve.class, s.next(0, q, Set.of()));
        assertEquals("A", first.modelId());
        assertEquals(List.of("1", "3", "4"), first.requests().stream().map(Request::id).toList());
    }

    @Test
    void keepsServingTheResidentModelBeforeSwapping() {
        List<Request> q = List.of(r("1", "B", 0), r("2", "B", 1), r("3", "A", 2));
        GroupedScheduler s = new GroupedScheduler(new GroupedScheduler.Settings(600, 0, 100), costs);
        assertEquals("A", assertInstanceOf(Decision.Serve.class, s.next(5, q, Set.of("A"))).modelId());
    }

    @Test
    void overdueRequestWinsOverTheResidentModel() {
        List<Request> q = List.of(r("1", "B", 0), r("2", "A", 50));
        GroupedScheduler s = new GroupedScheduler(new GroupedScheduler.Settings(60, 0, 100), costs);
        assertEquals("B", assertInstanceOf(Decision.Serve.class, s.next(60, q, Set.of("A"))).modelId());
    }

    @Test
    void waitsWhenASwapIsNotWorthItUntilTheLatestSafeStart() {
        // One request of 2 s is not worth a 30 s load at minWorkPerLoad 1; it must start loading by 0 + 100 - 30.
        GroupedScheduler s = new GroupedScheduler(new GroupedScheduler.Settings(100, 1.0, 100), costs);
        Decision.Wait w = assertInstanceOf(Decision.Wait.class, s.next(10, List.of(r("1", "B", 0)), Set.of()));
        assertEquals(70.0, w.untilSeconds(), 1e-9);
        assertEquals("B", assertInstanceOf(Decision.Serve.class, s.next(70, List.of(r("1", "B", 0)), Set.of())).modelId());
    }

    @Test
    void swapsOnceTheGroupPaysForTheLoad() {
        GroupedScheduler s = new GroupedScheduler(new GroupedScheduler.Settings(1000, 1.0, 100), costs);
        List<Request> q = new java.util.ArrayList<>();
        for (int i = 0; i < 15; i++) {
            q.add(r("b" + i, "B", i));
        }
        assertEquals("B", assertInstanceOf(Decision.Serve.class, s.next(20, q, Set.of())).modelId());
        assertInstanceOf(Decision.Wait.class, s.next(20, q.subList(0, 14), Set.of()));
    }

    @Test
    void fifoBatchesOnlyTheHeadRun() {
        List<Request> q = List.of(r("1", "A", 0), r("2", "A", 0), r("3", "B", 0), r("4", "A", 0));
        Decision.Serve s = assertInstanceOf(Decision.Serve.class, new FifoScheduler().next(0, q, Set.of()));
        assertEquals(List.of("1", "2"), s.requests().stream().map(Request::id).toList());
        assertInstanceOf(Decision.Idle.class, new FifoScheduler().next(0, List.of(), Set.of()));
    }
}
