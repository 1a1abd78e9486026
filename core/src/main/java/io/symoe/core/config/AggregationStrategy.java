package io.symoe.core.config;

/** How expert outputs are merged into one answer. */
public enum AggregationStrategy {
    MAJORITY_VOTE,
    WEIGHTED_VOTE,
    LLM_SYNTHESIS,
    SELF_MOA,
    SELF_MOA_SEQ,
    /** A trained stacking model scores each candidate answer (no model call); see {@code aggregator.model-file}. */
    LEARNED
}
