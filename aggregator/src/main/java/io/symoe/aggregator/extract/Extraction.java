package io.symoe.aggregator.extract;

import java.util.Objects;
import java.util.Optional;

/**
 * The answer one extractor found in one text, and the rule that found it.
 *
 * @param answer   the normalised answer, empty when none was found
 * @param rule     the rule that decided it ({@link ExtractionRule#NONE} exactly when {@code answer} is empty)
 * @param fallback whether a fallback rule (not the extractor's primary rule) decided it
 */
public record Extraction(Optional<String> answer, ExtractionRule rule, boolean fallback) {
    public static final Extraction NONE = new Extraction(Optional.empty(), ExtractionRule.NONE, false);

    public Extraction {
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(rule, "rule");
        if (answer.isEmpty() != (rule == ExtractionRule.NONE)) {
            throw new IllegalArgumentException("rule NONE exactly when there is no answer, got " + rule
                    + " with " + answer);
        }
    }

    public static Extraction primary(String answer, ExtractionRule rule) {
        return new Extraction(Optional.of(answer), rule, false);
    }

    public static Extraction fallback(String answer, ExtractionRule rule) {
        return new Extraction(Optional.of(answer), rule, true);
    }

    public boolean found() {
        return answer.isPresent();
    }
}
