package io.symoe.core.recorded;

/**
 * One model's recorded result on one question.
 *
 * @param text       the model's full output, or null when the source records none (RouterDC)
 * @param prediction the answer the source's own harness extracted, or null when it found none / records none
 * @param score      correctness in [0, 1]: 1/0 for graded sources, a probability of being correct for RouterDC
 * @param cost       the source's recorded cost of the call (USD for RouterBench), 0 when unknown
 */
public record RecordedOutcome(String text, String prediction, double score, double cost) {
    public RecordedOutcome {
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be in [0, 1], got " + score);
        }
        if (!(cost >= 0) || Double.isInfinite(cost)) {
            throw new IllegalArgumentException("cost must be a finite number >= 0, got " + cost);
        }
    }

    /** Graded correct: a score of at least one half (exactly 1 for 0/1-graded sources). */
    public boolean correct() {
        return score >= 0.5;
    }
}
