package io.symoe.aggregator.strategy;

import java.util.List;

/**
 * The choices a Self-MoA run made, recorded in its provenance.
 *
 * @param samples N, the samples merged
 * @param window  w, raw samples per aggregation step (N for one-shot Self-MoA)
 * @param order   the sample indices in feeding order
 * @param steps   aggregator calls made (ceil(N / w))
 */
public record SelfMoaChoice(int samples, int window, List<Integer> order, int steps) {
    public SelfMoaChoice {
        order = List.copyOf(order);
    }
}
