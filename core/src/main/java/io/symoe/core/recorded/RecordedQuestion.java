package io.symoe.core.recorded;

import io.symoe.core.Checks;

import java.util.List;
import java.util.Map;

/**
 * A question with every recorded model's outcome on it.
 *
 * @param id       the source's question id (unique within a dataset)
 * @param text     the question stem as recorded
 * @param options  option texts in letter order; empty when the source has none separately
 * @param gold     the correct answer (a letter for multiple choice), or null when the source has none
 * @param category the source's category/subject, or null
 * @param outcomes model id → outcome; models without a record for this question are absent
 */
public record RecordedQuestion(String id, String text, List<String> options, String gold, String category,
                               Map<String, RecordedOutcome> outcomes) {
    public RecordedQuestion {
        Checks.nonBlank(id, "question.id");
        Checks.nonNull(text, "question.text");
        options = Checks.copyOf(options, "question.options");
        outcomes = Checks.copyOf(outcomes, "question.outcomes");
    }
}
