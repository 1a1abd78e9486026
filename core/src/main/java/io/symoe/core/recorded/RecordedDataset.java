package io.symoe.core.recorded;

import io.symoe.core.Checks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Recorded outcomes of several models on a set of questions.
 *
 * @param source         where it was read from (a directory or file), for messages
 * @param models         every model with at least one record, in a stable order
 * @param questions      the questions, in source order
 * @param skippedEntries malformed entries the reader skipped (with a warning)
 */
public record RecordedDataset(String source, List<String> models, List<RecordedQuestion> questions,
                              int skippedEntries) {
    public RecordedDataset {
        Checks.nonBlank(source, "dataset.source");
        models = Checks.copyOf(models, "dataset.models");
        questions = Checks.copyOf(questions, "dataset.questions");
        Checks.nonNegative(skippedEntries, "dataset.skippedEntries");
        Map<String, RecordedQuestion> seen = new HashMap<>();
        for (RecordedQuestion q : questions) {
            if (seen.put(q.id(), q) != null) {
                throw new IllegalArgumentException(source + ": question id " + q.id() + " appears twice");
            }
        }
    }

    /** A fresh id → question map; build it once when making many look-ups. */
    public Map<String, RecordedQuestion> byId() {
        Map<String, RecordedQuestion> m = new HashMap<>(questions.size() * 2);
        questions.forEach(q -> m.put(q.id(), q));
        return m;
    }

    public Optional<RecordedQuestion> question(String id) {
        return questions.stream().filter(q -> q.id().equals(id)).findFirst();
    }

    /** Models that have an outcome for every question (the "complete" models of a pool). */
    public List<String> completeModels() {
        return models.stream()
                .filter(m -> questions.stream().allMatch(q -> q.outcomes().containsKey(m)))
                .toList();
    }
}
