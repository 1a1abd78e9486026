package io.symoe.modelpool.schedule;

import io.symoe.core.Checks;

import java.util.List;

/** What an {@link EvictionPolicy} decided for one model that must become resident. */
public sealed interface EvictionDecision {

    /** The target fits once these models (possibly none) are unloaded, in this order. */
    record Fits(List<String> evict) implements EvictionDecision {
        public Fits {
            evict = Checks.copyOf(evict, "fits.evict");
        }
    }

    /**
     * Not now: enough memory is held only by models with requests in flight or inside their minimum residency.
     *
     * @param reason       which models block, for logs and errors
     * @param retryAtSeconds the earliest time a minimum residency expires, or +infinity when only in-flight
     *                       requests block (then retry when one completes)
     */
    record Blocked(String reason, double retryAtSeconds) implements EvictionDecision {
        public Blocked {
            Checks.nonBlank(reason, "blocked.reason");
        }
    }

    /** The target is larger than the whole budget: it can never load. */
    record NeverFits(String reason) implements EvictionDecision {
        public NeverFits {
            Checks.nonBlank(reason, "neverFits.reason");
        }
    }
}
