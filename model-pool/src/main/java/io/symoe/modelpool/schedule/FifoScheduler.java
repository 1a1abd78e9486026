package io.symoe.modelpool.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The baseline: requests strictly in arrival order, what a plain model swapper does. Consecutive requests at the
 * head of the queue for the same model go out as one batch (that keeps the order), but nothing is reordered.
 */
public final class FifoScheduler implements Scheduler {
    @Override
    public Decision next(double now, List<Request> queue, Set<String> resident) {
        if (queue.isEmpty()) {
            return new Decision.Idle();
        }
        String model = queue.getFirst().modelId();
        List<Request> run = new ArrayList<>();
        for (Request r : queue) {
            if (!r.modelId().equals(model)) {
                break;
            }
            run.add(r);
        }
        return new Decision.Serve(model, run);
    }
}
