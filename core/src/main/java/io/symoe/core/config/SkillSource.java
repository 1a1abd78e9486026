package io.symoe.core.config;

/** Where an instance's skills come from. */
public enum SkillSource {
    /** The dataset's category field (no model call). */
    CATEGORY,
    /** Keywords sampled from a keyword-generator model (the Symbolic-MoE paper's method). */
    KEYWORDS,
    /** Nearest neighbours of the question's embedding in the validation keyword/question space (no LLM call). */
    EMBEDDING
}
