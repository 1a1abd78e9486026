package io.symoe.aggregator.extract;

/** Which family of extraction rules to use. */
public enum ExtractionMode {
    /**
     * Only explicit final-answer forms count ("the answer is (X)", "Answer: X", the last balanced box); a text
     * without one yields no answer, which a vote then treats as an abstention.
     */
    STRICT,
    /**
     * Reproduces Symbolic-MoE's utils (get_alphabet_choice, remove_boxed(last_boxed_only_string(...))) quirks
     * included, so accuracies can be compared with the paper's.
     */
    PAPER_PARITY
}
