package io.symoe.aggregator.strategy;

import java.util.Locale;

/**
 * How a vote picks between answers with equal support. The service breaks ties by {@link #COMPETENCE} (the
 * recruited experts' weights); the parity benchmarks keep {@link #FIRST_SEEN}, the paper's behaviour, so their
 * numbers stay comparable. Either way the tally reports the tie ({@link VoteTally#tied()}) and the rule that
 * decided it ({@link VoteTally#decidedBy()}), so no tie is silent.
 */
public enum TieBreak {
    /**
     * The answer seen first in output order: Python's {@code Counter.most_common(1)} keeps insertion order among
     * equal counts, which is what Symbolic-MoE's majority vote does (paper parity).
     */
    FIRST_SEEN,
    /** The answer whose voters have the larger summed competence; still tied, the first seen. */
    COMPETENCE;

    /** The rule's name as responses write it: {@code first-seen}, {@code competence}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
