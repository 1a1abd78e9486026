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
        return infer(question, symoeExtension, "symoe");
    }

    /**
     * @param symoeExtension the request's {@code symoe} value as decoded (any JSON type; only an object or null
     *                       is valid)
     * @param path           where that value sits in the request, for error messages ({@code instances[3].symoe})
     */
    public Task infer(String question, Object symoeExtension, String path) {
        if (symoeExtension != null && !(symoeExtension instanceof JsonObject)) {
            throw new RequestValidationException(path, "must be an object like {\"task\": {...}}");
        }
        Object t = symoeExtension == null ? null : ((JsonObject) symoeExtension).getValue("task");
        if (t instanceof JsonObject task) {
            return explicit(task, path + ".task");
        }
        if (t != null) {
            throw new RequestValidationException(path + ".task",
                    "must be an object {\"name\", \"format\": \"multiple-choice\"|\"integer\"|\"free-text\", \"options\"}");
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

    private static Task explicit(JsonObject t, String path) {
        Object name = t.getValue("name");
        Object format = t.getValue("format");
        if (!(name instanceof String n) || n.isBlank()) {
            throw new RequestValidationException(path + ".name", "must be a non-empty string");
        }
        if (!(format instanceof String f)) {
            throw new RequestValidationException(path + ".format", "must be multiple-choice, integer or free-text");
        }
        return switch (f.toLowerCase(Locale.ROOT)) {
            case "multiple-choice" -> {
                Object o = t.getValue("options");
                if (!(o instanceof Number num) || num.doubleValue() != Math.rint(num.doubleValue())
                        || num.doubleValue() < 2 || num.doubleValue() > AnswerFormat.MultipleChoice.MAX_OPTIONS) {
                    throw new RequestValidationException(path + ".options", "must be an integer in 2..26");
                }
                yield new Task(n, new AnswerFormat.MultipleChoice(num.intValue()));
            }
            case "integer" -> new Task(n, new AnswerFormat.IntegerAnswer());
            case "free-text" -> new Task(n, new AnswerFormat.FreeText());
            default -> throw new RequestValidationException(path + ".format",
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
