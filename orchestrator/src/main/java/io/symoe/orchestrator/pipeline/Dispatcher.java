package io.symoe.orchestrator.pipeline;

import io.vertx.core.Future;

import java.util.List;

/**
 * The dispatch stage: runs the recruited experts of routed instances and says, per instance, what they answered
 * and who was replaced. The only stage where online and batch requests differ ({@link GroupedDispatch},
 * {@link SequentialDispatch} and {@link PlannedDispatch}); an instance whose every expert failed is a
 * {@link Dispatch} with a failure, never a failed future.
 */
public interface Dispatcher {
    /** @return one dispatch per routed instance, in order, and the model loads the dispatch caused */
    Future<Dispatched> dispatch(List<Dispatch.Routed> routed);

    record Dispatched(List<Dispatch> items, int loads) {
        public Dispatched {
            items = List.copyOf(items);
        }
    }
}
