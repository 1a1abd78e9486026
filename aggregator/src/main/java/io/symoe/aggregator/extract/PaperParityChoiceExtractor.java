package io.symoe.aggregator.extract;

import io.symoe.core.AnswerFormat;

/**
 * Multiple choice as Symbolic-MoE's {@code get_alphabet_choice(text, num_choice)} does it: the last match of
 * {@code ([A|B|...])\)}, else the last match of {@code ([A|B|...])} anywhere in the text, else no answer
 * (the paper's "N/A").
 *
 * <p>Quirk kept on purpose: the paper builds its character class by joining the letters with {@code |}, so
 * {@code |} is itself a member — a table row ending in {@code |)} extracts the answer "|", and a text with no
 * letter but a {@code |} extracts "|". Only this extractor reproduces that; {@link StrictChoiceExtractor} never
 * does. The search runs backwards from the end, equivalent to Python's {@code re.findall(...)[-1]} because the
 * two-character pattern cannot overlap itself (")" is not in the class).
 */
public final class PaperParityChoiceExtractor implements AnswerExtractor {
    private final char last;

    public PaperParityChoiceExtractor(AnswerFormat.MultipleChoice format) {
        this.last = format.lastLetter();
    }

    private boolean inClass(char c) {
        return (c >= 'A' && c <= last) || c == '|';
    }

    @Override
    public Extraction extract(String text) {
        String body = ReasoningTrace.afterThinking(text);
        for (int i = body.length() - 2; i >= 0; i--) {
            if (body.charAt(i + 1) == ')' && inClass(body.charAt(i))) {
                return Extraction.primary(String.valueOf(body.charAt(i)), ExtractionRule.LETTER_PAREN);
            }
        }
        for (int i = body.length() - 1; i >= 0; i--) {
            if (inClass(body.charAt(i))) {
                return Extraction.fallback(String.valueOf(body.charAt(i)), ExtractionRule.ANY_LETTER);
            }
        }
        return Extraction.NONE;
    }

    @Override
    public String toString() {
        return "paper-parity-choice(A-" + last + ")";
    }
}
