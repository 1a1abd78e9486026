package io.symoe.benchmarks.split;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.symoe.core.recorded.RecordedDataset;
import io.symoe.core.recorded.RecordedQuestion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Symbolic-MoE paper's MMLU-Pro split ({@code MMLU_Pro_train.json} = profile questions, {@code MMLU_Pro_test.json}
 * = evaluation questions), mapped onto recorded question ids.
 *
 * <p>The paper's files hold {@code "<stem> The options are: (A) … (B) …"} without ids, so questions are matched by
 * normalised stem text (whitespace collapsed, case folded); when several recorded questions share a stem, the
 * options break the tie. The paper's test file repeats a few questions, so the evaluation list may hold an id
 * more than once, as the paper scored it.
 */
public record SymbolicMoeSplit(List<String> profileIds, List<String> evalIds, int unmatched, int ambiguous) {

    private static final String OPTIONS_MARK = " The options are:";
    private static final Pattern OPTION = Pattern.compile("\\(([A-Z])\\) (.*?)(?= \\([A-Z]\\) |$)", Pattern.DOTALL);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static SymbolicMoeSplit load(Path dir, RecordedDataset dataset) {
        Map<String, List<RecordedQuestion>> byStem = new HashMap<>();
        for (RecordedQuestion q : dataset.questions()) {
            byStem.computeIfAbsent(normalise(q.text()), k -> new ArrayList<>()).add(q);
        }
        int[] counts = new int[2];
        List<String> profile = match(dir.resolve("MMLU_Pro_train.json"), byStem, counts);
        List<String> eval = match(dir.resolve("MMLU_Pro_test.json"), byStem, counts);
        return new SymbolicMoeSplit(List.copyOf(profile), List.copyOf(eval), counts[0], counts[1]);
    }

    private static List<String> match(Path file, Map<String, List<RecordedQuestion>> byStem, int[] counts) {
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
            String full = n.path("question").asText("");
            int mark = full.indexOf(OPTIONS_MARK);
            String stem = mark < 0 ? full : full.substring(0, mark);
            List<RecordedQuestion> candidates = byStem.getOrDefault(normalise(stem), List.of());
            if (candidates.isEmpty()) {
                counts[0]++;
                continue;
            }
            RecordedQuestion chosen = candidates.getFirst();
            if (candidates.size() > 1) {
                counts[1]++;
                List<String> options = mark < 0 ? List.of() : options(full.substring(mark + OPTIONS_MARK.length()));
                for (RecordedQuestion c : candidates) {
                    if (sameOptions(c.options(), options)) {
                        chosen = c;
                        break;
                    }
                }
            }
            ids.add(chosen.id());
        }
        return ids;
    }

    static List<String> options(String inline) {
        List<String> out = new ArrayList<>();
        Matcher m = OPTION.matcher(inline.strip());
        while (m.find()) {
            out.add(m.group(2));
        }
        return out;
    }

    private static boolean sameOptions(List<String> a, List<String> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!normalise(a.get(i)).equals(normalise(b.get(i)))) {
                return false;
            }
        }
        return true;
    }

    static String normalise(String s) {
        return s.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
