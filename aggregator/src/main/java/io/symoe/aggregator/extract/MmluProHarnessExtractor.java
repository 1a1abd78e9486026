package io.symoe.aggregator.extract;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TIGER-Lab MMLU-Pro harness's own rule ({@code evaluate_from_*.py}: extract_answer → extract_again →
 * extract_final), which produced the {@code pred} field of the recorded MMLU-Pro outputs:
 * <ol>
 *   <li>the <em>first</em> {@code answer is \(?([A-J])\)?} (Python {@code re.search});</li>
 *   <li>else {@code .*[aA]nswer:\s*([A-J])} without DOTALL: the last "Answer: X" on the first line that has one;</li>
 *   <li>else the last standalone letter {@code \b[A-J]\b} anywhere.</li>
 * </ol>
 * A reference for replaying recorded outputs consistently with their grading, and the yardstick the
 * strict and paper-parity extractors are measured against. Fixed to A–J as the harness is.
 */
public final class MmluProHarnessExtractor implements AnswerExtractor {
    private static final Pattern ANSWER_IS = Pattern.compile("answer is \\(?([A-J])\\)?");
    // Python 3's "\s" is Unicode-aware.
    private static final Pattern ANSWER_COLON = Pattern.compile("[aA]nswer:\\s*([A-J])",
            Pattern.UNICODE_CHARACTER_CLASS);

    @Override
    public Extraction extract(String text) {
        String body = text == null ? "" : text;
        Matcher m = ANSWER_IS.matcher(body);
        if (m.find()) {
            return Extraction.primary(m.group(1), ExtractionRule.ANSWER_PHRASE);
        }
        String again = lastOnFirstLine(body);
        if (again != null) {
            return Extraction.fallback(again, ExtractionRule.ANSWER_PHRASE);
        }
        for (int i = body.length() - 1; i >= 0; i--) {
            char c = body.charAt(i);
            if (c >= 'A' && c <= 'J' && !isWordChar(body, i - 1) && !isWordChar(body, i + 1)) {
                return Extraction.fallback(String.valueOf(c), ExtractionRule.ANY_LETTER);
            }
        }
        return Extraction.NONE;
    }

    /**
     * What {@code re.search(r'.*[aA]nswer:\s*([A-J])', text)} returns, without its quadratic backtracking on
     * long lines: "." does not cross "\n", so the search settles on the first line where an "Answer:" starts
     * and the greedy ".*" then picks the last one starting on that line.
     */
    private static String lastOnFirstLine(String body) {
        Matcher m = ANSWER_COLON.matcher(body);
        if (!m.find()) {
            return null;
        }
        int lineEnd = body.indexOf('\n', m.start());
        if (lineEnd < 0) {
            lineEnd = body.length();
        }
        String letter = m.group(1);
        while (m.find() && m.start() < lineEnd) {
            letter = m.group(1);
        }
        return letter;
    }

    /** Python's {@code \b} word characters: Unicode letters and digits, and "_". */
    private static boolean isWordChar(String s, int i) {
        if (i < 0 || i >= s.length()) {
            return false;
        }
        char c = s.charAt(i);
        return c == '_' || Character.isLetterOrDigit(c);
    }

    @Override
    public String toString() {
        return "mmlu-pro-harness";
    }
}
