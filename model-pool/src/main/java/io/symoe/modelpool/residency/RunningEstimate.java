package io.symoe.modelpool.residency;

import java.time.Duration;

/**
 * An exponentially weighted running estimate of a duration, the configured value until first measured. Load times vary with
 * page cache and disk contention; a weight of 0.3 on the newest sample follows drift within a few loads without
 * letting one outlier dominate.
 */
final class RunningEstimate {
    private static final double ALPHA = 0.3;
    private double nanos;
    private int samples;

    RunningEstimate(Duration seed) {
        this.nanos = seed.toNanos();
    }

    synchronized void record(Duration measured) {
        // The first measurement replaces the configured guess: a measured time beats a config value.
        nanos = samples == 0 ? measured.toNanos() : ALPHA * measured.toNanos() + (1 - ALPHA) * nanos;
        samples++;
    }

    synchronized Duration value() {
        return Duration.ofNanos(Math.round(nanos));
    }

    synchronized int samples() {
        return samples;
    }
}
