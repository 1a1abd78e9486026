package io.symoe.aggregator.extract;

/**
 * Which rule produced an extraction. The first rule of each extractor is its primary one; the others are
 * fallbacks, counted separately so a run can report how often the loose rules decided an answer.
 */
public enum ExtractionRule {
    /** An explicit final-answer phrase: "the answer is (X)" / "Answer: X". */
    ANSWER_PHRASE,
    /** Paper parity: the last letter directly followed by ")". */
    LETTER_PAREN,
    /** A loose fallback: the last option letter found anywhere (paper parity) or standing alone (harness). */
    ANY_LETTER,
    /** The content of the last {@code \boxed{}} / {@code \fbox{}}. */
    BOXED,
    /** The whole (think-stripped, normalised) text: free text, or boxed math without a box under paper parity. */
    WHOLE_TEXT,
    /**
     * Extracted before aggregation and carried in {@code ExpertOutput.extractedAnswer}, with no text to read again:
     * recorded outcomes that keep only a harness's prediction (replay benchmarks).
     */
    PROVIDED,
    /** Nothing could be extracted. */
    NONE
}
