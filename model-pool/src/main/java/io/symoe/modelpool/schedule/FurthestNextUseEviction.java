package io.symoe.modelpool.schedule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Evicts the resident models needed furthest in the future (Belady's MIN, optimal when the future is known),
 * least recently used first among equals. With no knowledge of the future ({@link #lru()}) it is plain LRU.
 *
 * <p>Models with requests in flight are never evicted; models still inside the minimum residency are not
 * evicted either. When only such models hold the memory the decision is {@link EvictionDecision.Blocked}.
 */
public final class FurthestNextUseEviction implements EvictionPolicy {
    private final ToDoubleFunction<String> nextUse;

    /**
     * @param nextUse when each model is needed next (any monotone measure: a time, a position in a plan);
     *                {@code Double.POSITIVE_INFINITY} for never
     */
    public FurthestNextUseEviction(ToDoubleFunction<String> nextUse) {
        this.nextUse = Objects.requireNonNull(nextUse, "nextUse");
    }

    /** Least recently used first: every model is considered equally likely to be needed. */
    public static FurthestNextUseEviction lru() {
        return new FurthestNextUseEviction(m -> 0.0);
    }

    /**
     * Online stand-in for Belady: a model's next use is the arrival of its oldest queued request; models with
     * nothing queued are needed "never" and go first (LRU among them).
     */
    public static FurthestNextUseEviction forQueue(List<Request> queue) {
        java.util.Map<String, Double> first = new java.util.HashMap<>();
        for (Request r : queue) {
            first.putIfAbsent(r.modelId(), r.arrivalSeconds());
        }
        return new FurthestNextUseEviction(m -> first.getOrDefault(m, Double.POSITIVE_INFINITY));
    }

    @Override
    public EvictionDecision decide(String target, long targetFootprintBytes, Residency residency, double now) {
        if (residency.find(target).isPresent() || residency.unlimited()) {
            return new EvictionDecision.Fits(List.of());
        }
        if (targetFootprintBytes > residency.budgetBytes()) {
            return new EvictionDecision.NeverFits(target + " needs " + targetFootprintBytes
                    + " bytes, more than the whole budget of " + residency.budgetBytes());
        }
        long free = residency.budgetBytes() - residency.usedBytes();
        if (targetFootprintBytes <= free) {
            return new EvictionDecision.Fits(List.of());
        }
        List<Resident> evictable = new ArrayList<>();
        List<String> pinned = new ArrayList<>();
        double retryAt = Double.POSITIVE_INFINITY;
        for (Resident r : residency.resident()) {
            double residentUntil = r.loadedAt() + residency.minResidencySeconds();
            if (r.inFlight() > 0) {
                pinned.add(r.modelId() + " (" + r.inFlight() + " in flight)");
            } else if (residency.minResidencySeconds() > 0 && residentUntil > now) {
                pinned.add(r.modelId() + " (min residency until " + residentUntil + ")");
                retryAt = Math.min(retryAt, residentUntil);
            } else {
                evictable.add(r);
            }
        }
        evictable.sort(Comparator.comparingDouble((Resident r) -> -nextUse.applyAsDouble(r.modelId()))
                .thenComparingDouble(Resident::lastUsedAt)
                .thenComparing(Resident::modelId));
        List<String> victims = new ArrayList<>();
        for (Resident r : evictable) {
            if (targetFootprintBytes <= free) {
                break;
            }
            victims.add(r.modelId());
            free += r.footprintBytes();
        }
        if (targetFootprintBytes <= free) {
            return new EvictionDecision.Fits(victims);
        }
        return new EvictionDecision.Blocked("cannot make room for " + target + ": held by " + pinned, retryAt);
    }
}
