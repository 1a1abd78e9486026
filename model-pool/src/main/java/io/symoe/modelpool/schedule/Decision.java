package io.symoe.modelpool.schedule;

import io.symoe.core.Checks;

import java.util.List;

/** What an online {@link Scheduler} tells the executor to do next. */
public sealed interface Decision {

    /** Run these queued requests (all for {@code modelId}) as one batch, loading the model first if needed. */
    record Serve(String modelId, List<Request> requests) implements Decision {
        public Serve {
            Checks.nonBlank(modelId, "serve.modelId");
            requests = Checks.copyOf(requests, "serve.requests");
            if (requests.isEmpty()) {
                throw new IllegalArgumentException("serve " + modelId + " with no requests");
            }
            for (Request r : requests) {
                if (!r.modelId().equals(modelId)) {
                    throw new IllegalArgumentException("request " + r.id() + " is for " + r.modelId() + ", not " + modelId);
                }
            }
        }
    }

    /**
     * Do nothing until {@code untilSeconds} or the next arrival, whichever comes first: no swap is worth its cost
     * yet and no request is close to its max wait.
     */
    record Wait(double untilSeconds) implements Decision {}

    /** The queue is empty. */
    record Idle() implements Decision {}
}
