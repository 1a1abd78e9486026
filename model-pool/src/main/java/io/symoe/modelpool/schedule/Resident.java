package io.symoe.modelpool.schedule;

import io.symoe.core.Checks;

/**
 * A model currently loaded, as eviction sees it.
 *
 * @param modelId        the model
 * @param footprintBytes memory it holds
 * @param loadedAt       when it became resident (seconds)
 * @param lastUsedAt     when it last served a request (seconds)
 * @param inFlight       requests it is serving right now; a model with requests in flight is never evicted
 */
public record Resident(String modelId, long footprintBytes, double loadedAt, double lastUsedAt, int inFlight) {
    public Resident {
        Checks.nonBlank(modelId, "resident.modelId");
        Checks.nonNegative(footprintBytes, "resident.footprintBytes");
        Checks.nonNegative(inFlight, "resident.inFlight");
    }
}
