package io.symoe.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A systemd unit file read as systemd reads it, as far as these tests need: {@code [Section]} headers,
 * {@code Key=value} lines (a key may repeat), {@code #}/{@code ;} comments, backslash continuations.
 */
record SystemdUnit(Map<String, Map<String, List<String>>> sections) {

    static SystemdUnit parse(String text) {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<String, List<String>> current = null;
        StringBuilder pending = new StringBuilder();
        int n = 0;
        for (String raw : text.split("\n", -1)) {
            n++;
            String line = raw.strip();
            if (pending.isEmpty() && (line.isEmpty() || line.startsWith("#") || line.startsWith(";"))) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            line = pending.append(line).toString();
            pending.setLength(0);
            if (line.startsWith("[") && line.endsWith("]")) {
                current = sections.computeIfAbsent(line.substring(1, line.length() - 1), k -> new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            if (current == null || eq <= 0) {
                throw new AssertionError("line " + n + ": not a key=value inside a section: " + raw);
            }
            current.computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>())
                    .add(line.substring(eq + 1).strip());
        }
        return new SystemdUnit(sections);
    }

    /** The single value of a key (the tests treat a repeated key as a mistake). */
    String value(String section, String key) {
        List<String> values = sections.getOrDefault(section, Map.of()).getOrDefault(key, List.of());
        if (values.size() != 1) {
            throw new AssertionError("[" + section + "] " + key + ": expected one value, found " + values);
        }
        return values.getFirst();
    }

    /** systemd's command-line splitting: whitespace-separated words, double quotes group. */
    static List<String> words(String commandLine) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : commandLine.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    out.add(word.toString());
                    word.setLength(0);
                    any = false;
                }
            } else {
                word.append(c);
                any = true;
            }
        }
        if (quoted) {
            throw new AssertionError("unbalanced quote in " + commandLine);
        }
        if (any) {
            out.add(word.toString());
        }
        return out;
    }
}
