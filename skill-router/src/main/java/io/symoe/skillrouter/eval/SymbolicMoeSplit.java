package io.symoe.skillrouter.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.symoe.core.recorded.RecordedDataset;
import io.symoe.modelpool.backend.replay.QuestionMatch;
import io.symoe.modelpool.backend.replay.QuestionMatcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Symbolic-MoE paper's MMLU-Pro split ({@code MMLU_Pro_train.json} = profile questions, {@code MMLU_Pro_test.json}
 * = evaluation questions), mapped onto recorded question ids.
 *
 * <p>The paper's files hold {@code "<stem> The options are: (A) … (B) …"} without ids, so questions are matched on
 * their text by the replay service's own {@link QuestionMatcher}: what the benchmarks count as recorded is exactly
 * what {@code symoe serve --replay} answers. A question several recorded questions fit equally well is counted as
 * {@code ambiguous} and left out, like an unmatched one, rather than guessed. The paper's test file repeats a few
 * questions, so the evaluation list may hold an id more than once, as the paper scored it.
 */
public record SymbolicMoeSplit(List<String> profileIds, List<String> evalIds, int unmatched, int ambiguous) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static SymbolicMoeSplit load(Path dir, RecordedDataset dataset) {
        return load(dir.resolve("MMLU_Pro_train.json"), dir.resolve("MMLU_Pro_test.json"), dataset);
    }

    public static SymbolicMoeSplit load(Path trainJson, Path testJson, RecordedDataset dataset) {
        QuestionMatcher matcher = QuestionMatcher.of(dataset.questions());
        int[] counts = new int[2];
        List<String> profile = match(trainJson, matcher, counts);
        List<String> eval = match(testJson, matcher, counts);
        return new SymbolicMoeSplit(List.copyOf(profile), List.copyOf(eval), counts[0], counts[1]);
    }

    private static List<String> match(Path file, QuestionMatcher matcher, int[] counts) {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the Symbolic-MoE question set: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(file + ": expected a JSON list of {question, gold_answer}");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode n : root) {
            switch (matcher.match(n.path("question").asText(""))) {
                case QuestionMatch.Found f -> ids.add(f.question().id());
                case QuestionMatch.Unrecorded u -> counts[0]++;
                case QuestionMatch.Ambiguous a -> counts[1]++;
            }
        }
        return ids;
    }
}
