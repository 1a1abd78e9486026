package io.symoe.aggregator.extract;

import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * Boxed math answers: the content of the last {@code \boxed{...}} or {@code \fbox{...}}, braces balanced
 * (Hendrycks MATH's last_boxed_only_string + remove_boxed, which Symbolic-MoE uses for MATH and AIME).
 *
 * <p>With {@code integers}, an integer-looking content is normalised (AIME answers: {@code 080} = {@code 80},
 * {@code $1{,}000$} = {@code 1000}), so votes compare numbers rather than spellings. Without a box — or with an
 * unclosed one, as a truncated generation leaves — the strict mode yields no answer; paper parity keeps the
 * paper's behaviour of using the whole text as the "answer", which never matches a gold integer but is what the
 * paper's vote counted.
 */
public final class BoxedAnswerExtractor implements AnswerExtractor {
    private static final String[] OPENERS = {"\\boxed", "\\fbox"};
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    // Wrappers and spacing that do not change an integer's value: $...$, \text{...}, \! \, \; thin spaces, {,}.
    private static final Pattern NOISE = Pattern.compile("\\$|\\\\[!,;: ]|\\{,\\}|\\s");
    private static final Pattern DIGIT_GROUPS = Pattern.compile("(?<=\\d),(?=\\d{3}(?!\\d))");
    private static final Pattern TEXT_WRAPPER = Pattern.compile("^\\\\(?:text|textbf|mathrm|mathbf)\\{(.*)}$");

    private final ExtractionMode mode;
    private final boolean integers;

    public BoxedAnswerExtractor(ExtractionMode mode, boolean integers) {
        this.mode = java.util.Objects.requireNonNull(mode, "mode");
        this.integers = integers;
    }

    @Override
    public Extraction extract(String text) {
        String body = ReasoningTrace.afterThinking(text);
        String boxed = lastBoxedContent(body);
        if (boxed != null) {
            String answer = integers ? normaliseInteger(boxed) : boxed.strip();
            if (!answer.isEmpty()) {
                return Extraction.primary(answer, ExtractionRule.BOXED);
            }
        }
        if (mode == ExtractionMode.PAPER_PARITY && !body.isBlank()) {
            return Extraction.fallback(body.strip(), ExtractionRule.WHOLE_TEXT);
        }
        return Extraction.NONE;
    }

    /**
     * The content of the last {@code \boxed{}} or {@code \fbox{}} whose braces balance, or null when there is none.
     * {@code \boxed 5} (a space instead of braces) is accepted as MATH's grader does: the content runs to "$" or
     * the end of the line.
     */
    public static String lastBoxedContent(String s) {
        int at = -1;
        String opener = null;
        for (String o : OPENERS) {
            int i = s.lastIndexOf(o);
            if (i > at) {
                at = i;
                opener = o;
            }
        }
        while (at >= 0) {
            String content = contentAt(s, at + opener.length());
            if (content != null) {
                return content;
            }
            // An unbalanced last box (truncated output): try the previous one.
            int prev = -1;
            for (String o : OPENERS) {
                int i = s.lastIndexOf(o, at - 1);
                if (i > prev) {
                    prev = i;
                    opener = o;
                }
            }
            at = prev;
        }
        return null;
    }

    private static String contentAt(String s, int from) {
        if (from < s.length() && s.charAt(from) == ' ') {
            int end = from + 1;
            while (end < s.length() && s.charAt(end) != '$' && s.charAt(end) != '\n') {
                end++;
            }
            String c = s.substring(from + 1, end).strip();
            return c.isEmpty() ? null : c;
        }
        if (from >= s.length() || s.charAt(from) != '{') {
            return null;
        }
        int depth = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                i++; // an escaped brace \{ or \} does not open or close
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    return s.substring(from + 1, i);
                }
            }
        }
        return null;
    }

    /** AIME-style integer normalisation; content that is not an integer comes back stripped but otherwise as is. */
    public static String normaliseInteger(String content) {
        String c = content.strip();
        var wrapped = TEXT_WRAPPER.matcher(c);
        if (wrapped.matches()) {
            c = wrapped.group(1);
        }
        String bare = DIGIT_GROUPS.matcher(NOISE.matcher(c).replaceAll("")).replaceAll("");
        if (INTEGER.matcher(bare).matches()) {
            return new BigInteger(bare).toString();
        }
        return c;
    }

    @Override
    public String toString() {
        return "boxed(" + mode + (integers ? ", integers" : "") + ")";
    }
}
