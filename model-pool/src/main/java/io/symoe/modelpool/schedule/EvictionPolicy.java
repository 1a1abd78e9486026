package io.symoe.modelpool.schedule;

/**
 * Which resident models must go so that {@code target} fits: a pure function of its inputs, with no side
 * effects, following llama-swap's separation of eviction from process machinery and from the queue.
 */
@FunctionalInterface
public interface EvictionPolicy {
    EvictionDecision decide(String target, long targetFootprintBytes, Residency residency, double nowSeconds);
}
