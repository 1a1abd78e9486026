package io.symoe.skillrouter.recruit;

import java.util.List;

/**
 * When a sequential pipeline stops calling experts: on a confident leader ({@link SequentialStop}) or when the next
 * experts are not worth their price ({@link CostAwareStop}). Both read the same calibrated vote posterior and
 * answer with its leader.
 */
public sealed interface StopRule permits SequentialStop, CostAwareStop {
    /** The most experts called for one question. */
    int maxExperts();

    /** β, the calibration factor on vote weights. */
    double scale();

    /**
     * Whether to stop after {@code votes}, having spent {@code spent}.
     *
     * @param upcoming the experts not yet called, in calling order, with their weights and prices
     */
    boolean stopAfter(List<SequentialStop.Vote> votes, double spent, List<CostAwareStop.Next> upcoming, int options);

    /** The answer the votes so far give, with its (calibrated) posterior. */
    default SequentialStop.Posterior leader(List<SequentialStop.Vote> votes, int options) {
        return SequentialStop.posterior(votes, options, scale());
    }
}
