package io.symoe.core.config;

/** How expert outputs are merged into one answer. */
public enum AggregationStrategy {
    MAJORITY_VOTE,
    WEIGHTED_VOTE,
    LLM_SYNTHESIS,
    SELF_MOA,
    SELF_MOA_SEQ
}
