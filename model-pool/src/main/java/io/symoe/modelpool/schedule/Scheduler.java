package io.symoe.modelpool.schedule;

import java.util.List;
import java.util.Set;

/**
 * An online scheduler: a pure, deterministic function from (time, queue, resident models) to the next
 * {@link Decision}. It performs no side effect, so the real pool and the simulation run the same code.
 */
@FunctionalInterface
public interface Scheduler {
    /**
     * @param nowSeconds the current time
     * @param queue      waiting requests in arrival order
     * @param resident   models loaded now
     */
    Decision next(double nowSeconds, List<Request> queue, Set<String> resident);
}
