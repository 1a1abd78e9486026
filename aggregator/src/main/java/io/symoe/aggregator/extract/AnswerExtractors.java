package io.symoe.aggregator.extract;

import io.symoe.core.AnswerFormat;

/** The extractor for an answer format under a mode: the one place that switches over {@link AnswerFormat}. */
public final class AnswerExtractors {
    private AnswerExtractors() {}

    public static AnswerExtractor forFormat(AnswerFormat format, ExtractionMode mode) {
        java.util.Objects.requireNonNull(format, "format");
        java.util.Objects.requireNonNull(mode, "mode");
        return switch (format) {
            case AnswerFormat.MultipleChoice mc -> mode == ExtractionMode.STRICT
                    ? new StrictChoiceExtractor(mc) : new PaperParityChoiceExtractor(mc);
            case AnswerFormat.IntegerAnswer ignored -> new BoxedAnswerExtractor(mode, true);
            case AnswerFormat.FreeText ignored -> new FreeTextExtractor();
        };
    }
}
