package io.symoe.aggregator.extract;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Free text: the think-stripped text itself, normalised for comparison (case folded, whitespace collapsed, a
 * trailing full stop dropped), so two experts that wrote the same short answer vote together. A box, when the
 * model wrote one, is taken as its answer.
 */
public final class FreeTextExtractor implements AnswerExtractor {
    private static final Pattern SPACES = Pattern.compile("\\s+");

    @Override
    public Extraction extract(String text) {
        String body = ReasoningTrace.afterThinking(text);
        String boxed = BoxedAnswerExtractor.lastBoxedContent(body);
        if (boxed != null && !boxed.isBlank()) {
            return Extraction.primary(normalise(boxed), ExtractionRule.BOXED);
        }
        String n = normalise(body);
        return n.isEmpty() ? Extraction.NONE : Extraction.primary(n, ExtractionRule.WHOLE_TEXT);
    }

    static String normalise(String s) {
        String n = SPACES.matcher(s.strip()).replaceAll(" ").toLowerCase(Locale.ROOT);
        while (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1).stripTrailing();
        }
        return n;
    }

    @Override
    public String toString() {
        return "free-text";
    }
}
