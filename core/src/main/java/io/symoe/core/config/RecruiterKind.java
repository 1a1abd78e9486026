package io.symoe.core.config;

/** How experts are recruited from the skill profiles. */
public enum RecruiterKind {
    /** The paper's method: k draws with replacement, weighted by local score × global competence. */
    SYMBOLIC,
    /** Deterministic top-k by local score, without replacement. */
    TOP_K,
    /** Top-k weighted by competence, votes carry the weights. */
    COMPETENCE_WEIGHTED,
    /** A model's price or load cost enters the score. */
    COST_AWARE,
    /** Adds experts until the recruited ones' profile confidence is high. */
    ADAPTIVE,
    /**
     * Calls experts one at a time in competence order and stops once the vote posterior of the leading answer
     * clears a threshold; k is the most experts called.
     */
    SEQUENTIAL
}
