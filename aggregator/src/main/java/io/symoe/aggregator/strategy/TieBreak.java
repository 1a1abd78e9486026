package io.symoe.aggregator.strategy;

/** How a vote picks between answers with equal support. */
public enum TieBreak {
    /**
     * The answer seen first in output order: Python's {@code Counter.most_common(1)} keeps insertion order among
     * equal counts, which is what Symbolic-MoE's majority vote does (paper parity).
     */
    FIRST_SEEN,
    /** The answer whose voters have the larger summed competence; still tied, the first seen. */
    COMPETENCE
}
