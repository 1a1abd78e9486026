package io.symoe.modelpool.backend.replay;

import io.symoe.core.Checks;

import java.time.Duration;

/**
 * How long replayed work takes, so scheduling is measurable against recorded outputs.
 *
 * @param loadTime     time a load takes (per model; the pool's {@code load-time})
 * @param generateTime time one batch's generation takes (recorded outputs carry no timing)
 * @param timeScale    multiplies both: 1 = real time, 0.01 = 100× faster, 0 = instantaneous
 */
public record ReplayTiming(Duration loadTime, Duration generateTime, double timeScale) {
    public static final ReplayTiming INSTANT = new ReplayTiming(Duration.ZERO, Duration.ZERO, 0);

    public ReplayTiming {
        Checks.nonNull(loadTime, "loadTime");
        Checks.nonNull(generateTime, "generateTime");
        if (loadTime.isNegative() || generateTime.isNegative()) {
            throw new IllegalArgumentException("replay times must not be negative");
        }
        Checks.finiteNonNegative(timeScale, "timeScale");
    }

    long scaledMillis(Duration d) {
        return Math.round(d.toMillis() * timeScale);
    }
}
