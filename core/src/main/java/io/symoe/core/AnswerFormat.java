package io.symoe.core;

/**
 * How a task's answers are written, which decides how they are extracted and compared.
 * A closed set: extraction and voting switch over it exhaustively.
 */
public sealed interface AnswerFormat {

    /** Multiple choice with {@code options} letters, A.. (MMLU-Pro has 10: A–J; MedMCQA 4: A–D). */
    record MultipleChoice(int options) implements AnswerFormat {
        public static final int MAX_OPTIONS = 26;

        public MultipleChoice {
            if (options < 2 || options > MAX_OPTIONS) {
                throw new IllegalArgumentException("multiple choice needs 2.." + MAX_OPTIONS + " options, got " + options);
            }
        }

        /** The letter of the last option, e.g. 'J' for 10 options. */
        public char lastLetter() {
            return (char) ('A' + options - 1);
        }
    }

    /** An integer answer, e.g. AIME's 0–999, usually written in {@code \boxed{}}. */
    record IntegerAnswer() implements AnswerFormat {}

    /** Free text, compared after normalisation. */
    record FreeText() implements AnswerFormat {}
}
