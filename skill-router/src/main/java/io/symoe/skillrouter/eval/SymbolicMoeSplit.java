package io.symoe.skillrouter.eval;

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
 * <p>The paper's files hold {@code "<stem> The options are: (A) … (B) …"} without ids, so questions are matched on
 * their text with its options (letters and digits only, case folded), else on the normalised stem alone; when
 * several recorded questions share a stem, the options break the tie. The paper's test file repeats a few questions, so the evaluation list may hold an id
 * more than once, as the paper scored it.
 */
public record SymbolicMoeSplit(List<String> profileIds, List<String> evalIds, int unmatched, int ambiguous) {

    private static final String OPTIONS_MARK = " The options are:";
    private static final Pattern OPTION = Pattern.compile("\\(([A-Z])\\) (.*?)(?= \\([A-Z]\\) |$)", Pattern.DOTALL);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static SymbolicMoeSplit load(Path dir, RecordedDataset dataset) {
        return load(dir.resolve("MMLU_Pro_train.json"), dir.resolve("MMLU_Pro_test.json"), dataset);
    }

    public static SymbolicMoeSplit load(Path trainJson, Path testJson, RecordedDataset dataset) {
        Map<String, List<RecordedQuestion>> byStem = new HashMap<>();
        Map<String, RecordedQuestion> byFull = new HashMap<>();
        for (RecordedQuestion q : dataset.questions()) {
            byStem.computeIfAbsent(normalise(q.text()), k -> new ArrayList<>()).add(q);
            byFull.putIfAbsent(alnum(q.text() + inline(q.options())), q);
        }
        int[] counts = new int[2];
        List<String> profile = match(trainJson, byFull, byStem, counts);
        List<String> eval = match(testJson, byFull, byStem, counts);
        return new SymbolicMoeSplit(List.copyOf(profile), List.copyOf(eval), counts[0], counts[1]);
    }

    private static List<String> match(Path file, Map<String, RecordedQuestion> byFull,
                                      Map<String, List<RecordedQuestion>> byStem, int[] counts) {
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
            // Exact question and options first: several MMLU-Pro questions share a stem and differ in options.
            RecordedQuestion exact = byFull.get(alnum(full));
            if (exact != null) {
                ids.add(exact.id());
                continue;
            }
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
            if (!alnum(a.get(i)).equals(alnum(b.get(i)))) {
                return false;
            }
        }
        return true;
    }

    /** The paper's inline rendering of options, {@code " The options are: (A) x (B) y"}. */
    private static String inline(List<String> options) {
        StringBuilder b = new StringBuilder(OPTIONS_MARK);
        for (int i = 0; i < options.size(); i++) {
            b.append(" (").append((char) ('A' + i)).append(") ").append(options.get(i));
        }
        return b.toString();
    }

    /** Letters and digits only: the paper's copy and the TIGER outputs differ in spacing and punctuation. */
    static String alnum(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    static String normalise(String s) {
        return s.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
