package io.symoe.benchmarks.cost;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RouterBench's text quirks: prompts and responses are Python list reprs ({@code "['...']"}) with escaped
 * newlines, and the ARC prompts carry five few-shot examples before the question, separated by blank lines.
 */
public final class RouterBenchText {
    private static final Pattern OPTION = Pattern.compile("(?m)^([A-Z])\\) ");

    private RouterBenchText() {}

    /** The text inside a {@code ['...']} repr, with {@code \n} escapes turned into newlines. */
    public static String unwrap(String repr) {
        String s = repr.strip();
        if (s.startsWith("['") && s.endsWith("']") || s.startsWith("[\"") && s.endsWith("\"]")) {
            s = s.substring(2, s.length() - 2);
        }
        return s.replace("\\n", "\n").replace("\\'", "'").replace("\\\"", "\"");
    }

    /**
     * The question itself: the last blank-line-separated block of the prompt. Embedding the whole prompt would
     * embed the few-shot examples, which are the same for every ARC question, and every vector would look alike.
     */
    public static String question(String prompt) {
        String s = unwrap(prompt).strip();
        int cut = s.lastIndexOf("\n\n");
        return cut < 0 ? s : s.substring(cut + 2).strip();
    }

    /** How many lettered options ({@code A) …}) the question lists; 0 for a question that is not multiple choice. */
    public static int options(String question) {
        Matcher m = OPTION.matcher(question);
        int last = -1;
        while (m.find()) {
            last = Math.max(last, m.group(1).charAt(0) - 'A');
        }
        return last + 1;
    }
}
