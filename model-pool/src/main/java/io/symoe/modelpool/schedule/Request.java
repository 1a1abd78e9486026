package io.symoe.modelpool.schedule;

import io.symoe.core.Checks;

/**
 * One unit of work for the schedulers: one instance's prompt for one expert model.
 *
 * <p>Times in this package are plain seconds on a clock the caller owns (the real pool's monotonic clock or the
 * simulation's virtual clock), so the same scheduling code drives both.
 *
 * @param id             unique request id (e.g. {@code instanceId#modelId})
 * @param modelId        the model that must serve it
 * @param arrivalSeconds when it entered the queue
 */
public record Request(String id, String modelId, double arrivalSeconds) {
    public Request {
        Checks.nonBlank(id, "request.id");
        Checks.nonBlank(modelId, "request.modelId");
        if (!Double.isFinite(arrivalSeconds)) {
            throw new IllegalArgumentException("request.arrivalSeconds must be finite, got " + arrivalSeconds);
        }
    }
}
