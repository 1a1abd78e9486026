package io.symoe.modelpool.residency;

import io.symoe.core.Checks;
import io.symoe.modelpool.backend.ModelBackend;

import java.time.Duration;

/**
 * A model as residency sees it.
 *
 * @param modelId        pool id
 * @param footprintBytes memory it takes when loaded
 * @param loadTime       configured load-time estimate (refined by measurement)
 * @param backend        the backend that loads, unloads and serves it
 */
public record ResidentModelSpec(String modelId, long footprintBytes, Duration loadTime, ModelBackend backend) {
    public ResidentModelSpec {
        Checks.nonBlank(modelId, "modelId");
        Checks.nonNegative(footprintBytes, "footprintBytes");
        Checks.nonNull(loadTime, "loadTime");
        Checks.nonNull(backend, "backend");
    }
}
