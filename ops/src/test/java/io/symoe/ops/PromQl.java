package io.symoe.ops;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the metric names a PromQL expression reads. Not a PromQL parser: it removes what cannot be a metric name
 * (strings, label matchers, ranges, grouping label lists, durations, numbers), then keeps the identifiers that are neither
 * keywords nor called as functions/aggregations. Enough for expressions written by hand in these files;
 * {@link PromQlTest} pins its behaviour.
 */
final class PromQl {
    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^{}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^\\[\\]]*]");
    private static final Pattern LABEL_LISTS = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^()]*\\)");
    private static final Pattern DURATIONS = Pattern.compile("(?<![A-Za-z_:0-9])(\\d+(ms|[smhdwy]))+\\b");
    private static final Pattern NUMBERS = Pattern.compile("(?<![A-Za-z_:0-9])\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan");

    private PromQl() {}

    static Set<String> metricNames(String expr) {
        checkBalanced(expr);
        String s = STRINGS.matcher(expr).replaceAll(" ");
        s = MATCHERS.matcher(s).replaceAll(" ");
        s = RANGES.matcher(s).replaceAll(" ");
        s = LABEL_LISTS.matcher(s).replaceAll(" ");
        s = DURATIONS.matcher(s).replaceAll(" ");
        s = NUMBERS.matcher(s).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String id = m.group();
            int next = m.end();
            while (next < s.length() && Character.isWhitespace(s.charAt(next))) {
                next++;
            }
            boolean called = next < s.length() && s.charAt(next) == '(';
            if (!called && !KEYWORDS.contains(id.toLowerCase(java.util.Locale.ROOT))) {
                names.add(id);
            }
        }
        return names;
    }

    /** Unbalanced brackets are the typo PromQL reports only when the rule is loaded; catch it here. */
    static void checkBalanced(String expr) {
        String s = STRINGS.matcher(expr).replaceAll(" ");
        java.util.ArrayDeque<Character> open = new java.util.ArrayDeque<>();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '(', '[', '{' -> open.push(c);
                case ')', ']', '}' -> {
                    char expected = c == ')' ? '(' : c == ']' ? '[' : '{';
                    if (open.isEmpty() || open.pop() != expected) {
                        throw new AssertionError("unbalanced '" + c + "' in: " + expr);
                    }
                }
                default -> { }
            }
        }
        if (!open.isEmpty()) {
            throw new AssertionError("unclosed '" + open.peek() + "' in: " + expr);
        }
    }
}
