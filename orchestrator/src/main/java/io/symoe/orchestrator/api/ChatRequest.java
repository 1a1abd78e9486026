package io.symoe.orchestrator.api;

import io.symoe.core.generation.ChatMessage;
import io.symoe.core.generation.GenerationParams;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * A validated {@code POST /v1/chat/completions} body.
 *
 * @param model    "symoe", "symoe/&lt;pipeline&gt;", or a pool model id
 * @param messages the conversation
 * @param stream   answer as SSE chunks
 * @param params   sampling settings (for pass-through calls; the ensemble uses its experts' settings)
 */
public record ChatRequest(String model, List<ChatMessage> messages, boolean stream, GenerationParams params) {

    public static final int MAX_MESSAGES = 1024;

    /** The text of the last user message, which the ensemble pipeline answers; it must hold visible text. */
    public String lastUserText() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == ChatMessage.Role.USER) {
                return QuestionText.checkQuestion("messages[" + i + "].content", messages.get(i).content());
            }
        }
        throw new RequestValidationException("messages", "must contain a user message");
    }

    /**
     * Parses and validates a request body; every problem is a {@link RequestValidationException} naming the field,
     * which the API turns into a 400 in OpenAI's error shape.
     */
    public static ChatRequest parse(JsonObject body, int defaultMaxTokens) {
        String model = string(body, "model", true);
        Object rawMessages = body.getValue("messages");
        if (!(rawMessages instanceof JsonArray arr)) {
            throw new RequestValidationException("messages", rawMessages == null
                    ? "is required (an array of {\"role\", \"content\"} objects)" : "must be an array, got " + kind(rawMessages));
        }
        if (arr.isEmpty()) {
            throw new RequestValidationException("messages", "must not be empty");
        }
        if (arr.size() > MAX_MESSAGES) {
            throw new RequestValidationException("messages", "has more than " + MAX_MESSAGES + " entries");
        }
        List<ChatMessage> messages = new ArrayList<>(arr.size());
        for (int i = 0; i < arr.size(); i++) {
            messages.add(message(arr.getValue(i), "messages[" + i + "]"));
        }
        if (messages.stream().noneMatch(m -> m.role() == ChatMessage.Role.USER)) {
            throw new RequestValidationException("messages", "must contain a user message");
        }
        boolean stream = bool(body, "stream");
        Object n = body.getValue("n");
        if (n != null && !(n instanceof Number num && num.intValue() == 1 && num.doubleValue() == 1)) {
            throw new RequestValidationException("n", "only n = 1 is supported (one answer per request), got " + (n instanceof Number ? n : kind(n)));
        }
        double temperature = number(body, "temperature", 0.0, 0.0, 2.0);
        double topP = number(body, "top_p", 1.0, 0.0, 1.0);
        if (topP == 0.0) {
            throw new RequestValidationException("top_p", "must be > 0");
        }
        String maxTokensKey = body.containsKey("max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
        Object maxTokensValue = body.getValue(maxTokensKey);
        int maxTokens = defaultMaxTokens;
        if (maxTokensValue != null) {
            if (!(maxTokensValue instanceof Number num) || num.doubleValue() != Math.rint(num.doubleValue())
                    || num.longValue() < 1 || num.longValue() > 1_000_000) {
                throw new RequestValidationException(maxTokensKey, "must be an integer in 1..1000000");
            }
            maxTokens = num.intValue();
        }
        OptionalLong seed = OptionalLong.empty();
        Object seedValue = body.getValue("seed");
        if (seedValue != null) {
            if (!(seedValue instanceof Number num) || num.doubleValue() != Math.rint(num.doubleValue())) {
                throw new RequestValidationException("seed", "must be an integer");
            }
            seed = OptionalLong.of(num.longValue());
        }
        List<String> stop = stop(body.getValue("stop"));
        return new ChatRequest(model, List.copyOf(messages), stream,
                new GenerationParams(temperature, topP, maxTokens, seed, stop));
    }

    private static ChatMessage message(Object raw, String path) {
        if (!(raw instanceof JsonObject m)) {
            throw new RequestValidationException(path, "must be an object with role and content, got " + kind(raw));
        }
        String role = string(m, "role", true, path + ".role");
        ChatMessage.Role r = switch (role.toLowerCase(Locale.ROOT)) {
            case "system", "developer" -> ChatMessage.Role.SYSTEM;
            case "user" -> ChatMessage.Role.USER;
            case "assistant" -> ChatMessage.Role.ASSISTANT;
            default -> throw new RequestValidationException(path + ".role",
                    "must be one of system, developer, user, assistant (got '" + role + "')");
        };
        Object content = m.getValue("content");
        String text;
        if (content instanceof String s) {
            text = QuestionText.checkUnicode(path + ".content", s);
        } else if (content instanceof JsonArray parts) {
            // OpenAI's content-part form: keep the text parts, refuse anything we cannot pass on.
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < parts.size(); i++) {
                String at = path + ".content[" + i + "]";
                if (!(parts.getValue(i) instanceof JsonObject part)) {
                    throw new RequestValidationException(at, "must be a content part {\"type\": \"text\", \"text\": \"...\"}, got "
                            + kind(parts.getValue(i)));
                }
                if (!"text".equals(part.getValue("type"))) {
                    throw new RequestValidationException(at + ".type", "must be \"text\": only text parts are supported");
                }
                if (!(part.getValue("text") instanceof String t)) {
                    throw new RequestValidationException(at + ".text", "must be a string");
                }
                // Parts are consecutive pieces of one message; OpenAI joins them with newlines.
                if (i > 0) {
                    sb.append('\n');
                }
                sb.append(QuestionText.checkUnicode(at + ".text", t));
            }
            text = sb.toString();
        } else if (content == null && r == ChatMessage.Role.ASSISTANT) {
            text = "";
        } else {
            throw new RequestValidationException(path + ".content", content == null ? "is required"
                    : "must be a string or an array of text parts, got " + kind(content));
        }
        return new ChatMessage(r, text);
    }

    private static List<String> stop(Object raw) {
        if (raw == null) {
            return List.of();
        }
        if (raw instanceof String s) {
            return List.of(QuestionText.checkUnicode("stop", s));
        }
        if (raw instanceof JsonArray arr && arr.size() <= 4) {
            List<String> out = new ArrayList<>();
            for (Object o : arr) {
                if (!(o instanceof String s)) {
                    throw new RequestValidationException("stop[" + out.size() + "]", "must be a string");
                }
                out.add(QuestionText.checkUnicode("stop[" + out.size() + "]", s));
            }
            return out;
        }
        throw new RequestValidationException("stop", "must be a string or an array of up to 4 strings");
    }

    private static String string(JsonObject o, String key, boolean required) {
        return string(o, key, required, key);
    }

    private static String string(JsonObject o, String key, boolean required, String path) {
        Object v = o.getValue(key);
        if (v == null) {
            if (required) {
                throw new RequestValidationException(path, "is required");
            }
            return null;
        }
        if (!(v instanceof String s) || s.isBlank()) {
            throw new RequestValidationException(path, "must be a non-empty string, got " + describe(v));
        }
        return QuestionText.checkUnicode(path, s);
    }

    private static boolean bool(JsonObject o, String key) {
        Object v = o.getValue(key);
        if (v == null) {
            return false;
        }
        if (!(v instanceof Boolean b)) {
            throw new RequestValidationException(key, "must be a boolean, got " + kind(v));
        }
        return b;
    }

    private static String kind(Object v) {
        return JsonTypes.kind(v);
    }

    private static String describe(Object v) {
        return v instanceof String ? "a blank string" : kind(v);
    }

    private static double number(JsonObject o, String key, double dflt, double min, double max) {
        Object v = o.getValue(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < min
                || n.doubleValue() > max) {
            throw new RequestValidationException(key, "must be a number in [" + min + ", " + max + "]");
        }
        return n.doubleValue();
    }
}
