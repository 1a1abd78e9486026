package io.symoe.ops;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A Dockerfile read as Docker reads it, as far as these tests need: comments dropped, backslash continuations
 * joined, one {@link Instruction} per logical line, JSON (exec) form decoded.
 */
record Dockerfile(List<Instruction> instructions) {

    /** One instruction; {@code line} is where it starts (1-based), for failure messages. */
    record Instruction(String keyword, String arguments, int line) {
        /** Exec-form ({@code ["a", "b"]}) or shell-form arguments as tokens. */
        List<String> tokens() {
            String a = arguments.strip();
            if (a.startsWith("[")) {
                try {
                    return new ObjectMapper().readValue(a, new TypeReference<List<String>>() {});
                } catch (Exception e) {
                    throw new AssertionError("line " + line + ": " + keyword + " has invalid JSON: " + a, e);
                }
            }
            return Arrays.asList(a.split("\\s+"));
        }
    }

    static Dockerfile parse(String text) {
        List<Instruction> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        StringBuilder current = null;
        int start = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (current == null && trimmed.isEmpty())) {
                continue;
            }
            if (current == null) {
                current = new StringBuilder();
                start = i + 1;
            }
            boolean continues = trimmed.endsWith("\\");
            current.append(continues ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
            if (!continues) {
                String logical = current.toString().strip();
                int sp = logical.indexOf(' ');
                String keyword = (sp < 0 ? logical : logical.substring(0, sp)).toUpperCase(Locale.ROOT);
                out.add(new Instruction(keyword, sp < 0 ? "" : logical.substring(sp + 1).strip(), start));
                current = null;
            }
        }
        if (current != null) {
            throw new AssertionError("the Dockerfile ends inside a continued line starting at line " + start);
        }
        return new Dockerfile(List.copyOf(out));
    }

    List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    /** The instructions of the last stage (after the last FROM): what the image that runs consists of. */
    Dockerfile finalStage() {
        int lastFrom = -1;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).keyword().equals("FROM")) {
                lastFrom = i;
            }
        }
        if (lastFrom < 0) {
            throw new AssertionError("no FROM in the Dockerfile");
        }
        return new Dockerfile(instructions.subList(lastFrom, instructions.size()));
    }

    /** The single instruction of that keyword (Docker honours only the last one; two is a mistake here). */
    Instruction only(String keyword) {
        List<Instruction> found = all(keyword);
        if (found.size() != 1) {
            throw new AssertionError("expected exactly one " + keyword + ", found " + found.size());
        }
        return found.getFirst();
    }
}
