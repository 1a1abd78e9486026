package io.symoe.skillrouter.skills;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The paper's keyword post-processing (step 1), as pure functions: parse each sample after its last
 * {@code Keywords:}, split on commas, trim, lowercase, delete every '.', drop keywords over 20 characters; across
 * the samples keep a keyword only if it occurs at least twice; dedupe in first-seen order.
 */
public final class KeywordParser {
    public static final String MARKER = "Keywords:";
    public static final int MAX_KEYWORD_CHARS = 20;
    public static final int MIN_OCCURRENCES = 2;

    private KeywordParser() {
    }

    /** The keywords of one sample, in order, duplicates kept; a sample without the marker yields none. */
    public static List<String> parseSample(String text) {
        if (text == null) {
            return List.of();
        }
        int at = text.lastIndexOf(MARKER);
        if (at < 0) {
            return List.of();
        }
        String tail = text.substring(at + MARKER.length());
        List<String> out = new ArrayList<>();
        for (String raw : tail.split(",")) {
            // Order as in the reference code: trim, lowercase, strip every '.', then the length filter.
            String k = raw.trim().toLowerCase(Locale.ROOT).replace(".", "");
            if (!k.isEmpty() && k.length() <= MAX_KEYWORD_CHARS) {
                out.add(k);
            }
        }
        return out;
    }

    /** Keywords that occur at least {@link #MIN_OCCURRENCES} times over all samples, deduped, first-seen order. */
    public static List<String> consensus(List<String> samples) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String s : samples) {
            for (String k : parseSample(s)) {
                counts.merge(k, 1, Integer::sum);
            }
        }
        List<String> kept = new ArrayList<>();
        counts.forEach((k, n) -> {
            if (n >= MIN_OCCURRENCES) {
                kept.add(k);
            }
        });
        return kept;
    }
}
