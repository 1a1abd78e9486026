package io.symoe.orchestrator.api;

import io.symoe.core.AnswerFormat;
import io.symoe.core.Task;
import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides the task (answer format) of a chat question, which decides how expert answers are extracted and
 * compared. A client may say it in the request's {@code symoe.task} object; otherwise inline options
 * ({@code (A) … (B) …} or lines {@code A. …}) make it multiple choice, an explicit {@code \boxed} instruction an
 * integer task, and anything else falls back to the configured default.
 */
public final class TaskInference {
    private static final Pattern PAREN_OPTION = Pattern.compile("\\(([A-Z])\\)\\s");
    private static final Pattern LINE_OPTION = Pattern.compile("(?m)^\\s*([A-Z])[.)]\\s+\\S");

    private final Task fallback;

    public TaskInference(Task fallback) {
        this.fallback = fallback;
    }

    public Task infer(String question, JsonObject symoeExtension) {
        JsonObject t = symoeExtension == null ? null : symoeExtension.getJsonObject("task");
        if (t != null) {
            return explicit(t);
        }
        int options = Math.max(count(PAREN_OPTION, question), count(LINE_OPTION, question));
        if (options >= 2) {
            return new Task("multiple-choice-" + options, new AnswerFormat.MultipleChoice(options));
        }
        if (question.contains("\\boxed")) {
            return new Task("integer", new AnswerFormat.IntegerAnswer());
        }
        return fallback;
    }

    private static Task explicit(JsonObject t) {
        Object name = t.getValue("name");
        Object format = t.getValue("format");
        if (!(name instanceof String n) || n.isBlank()) {
            throw new RequestValidationException("symoe.task.name", "must be a non-empty string");
        }
        if (!(format instanceof String f)) {
            throw new RequestValidationException("symoe.task.format", "must be multiple-choice, integer or free-text");
        }
        return switch (f.toLowerCase(Locale.ROOT)) {
            case "multiple-choice" -> {
                Object o = t.getValue("options");
                if (!(o instanceof Number num) || num.intValue() < 2 || num.intValue() > AnswerFormat.MultipleChoice.MAX_OPTIONS) {
                    throw new RequestValidationException("symoe.task.options", "must be an integer in 2..26");
                }
                yield new Task(n, new AnswerFormat.MultipleChoice(num.intValue()));
            }
            case "integer" -> new Task(n, new AnswerFormat.IntegerAnswer());
            case "free-text" -> new Task(n, new AnswerFormat.FreeText());
            default -> throw new RequestValidationException("symoe.task.format",
                    "must be multiple-choice, integer or free-text");
        };
    }

    /** Counts consecutive option letters A, B, C… present, so a stray "(B)" alone is not a question's options. */
    private static int count(Pattern p, String text) {
        boolean[] seen = new boolean[26];
        Matcher m = p.matcher(text);
        while (m.find()) {
            seen[m.group(1).charAt(0) - 'A'] = true;
        }
        int n = 0;
        while (n < 26 && seen[n]) {
            n++;
        }
        return n;
    }
}
