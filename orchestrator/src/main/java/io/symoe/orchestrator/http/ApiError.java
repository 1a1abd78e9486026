package io.symoe.orchestrator.http;

import io.vertx.core.json.JsonObject;

/**
 * An error rendered in OpenAI's shape, {@code {"error":{"message","type","code","param"}}}, so OpenAI clients
 * surface it as they would one of OpenAI's own.
 *
 * @param param the request field at fault as a path ({@code messages[0].content}), or null; OpenAI's {@code param}
 * @param allow for a 405, the methods the path does answer (the {@code Allow} header), else null
 */
public record ApiError(int status, String type, String code, String message, String param, String allow) {

    public ApiError(int status, String type, String code, String message) {
        this(status, type, code, message, null, null);
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, "invalid_request_error", "not_found", message);
    }

    public static ApiError badRequest(String code, String message) {
        return new ApiError(400, "invalid_request_error", code, message);
    }

    /** A 400 for one field of the body, with the field's path as {@code param}. */
    public static ApiError invalidField(String param, String message) {
        return new ApiError(400, "invalid_request_error", "invalid_value", message, param, null);
    }

    /** The answer to any body that is not one JSON object (array, string, number, boolean, null, bad syntax). */
    public static ApiError invalidJson(String message) {
        return badRequest("invalid_json", message);
    }

    public static ApiError tooLarge(long limitBytes) {
        return new ApiError(413, "invalid_request_error", "request_too_large",
                "request body exceeds the limit of " + limitBytes + " bytes");
    }

    public static ApiError methodNotAllowed(String method, String path, String allow) {
        return new ApiError(405, "invalid_request_error", "method_not_allowed",
                method + " is not allowed on " + path + "; it answers " + allow, null, allow);
    }

    public static ApiError internal(String message) {
        return new ApiError(500, "server_error", "internal_error", message);
    }

    public JsonObject toJson() {
        JsonObject e = new JsonObject()
                .put("message", printable(message))
                .put("type", type)
                .put("code", code);
        if (param != null) {
            e.put("param", printable(param));
        }
        return new JsonObject().put("error", e);
    }

    /**
     * Messages may quote what the client sent; an unpaired surrogate in it would make the JSON encoder fail while
     * rendering the error, turning a 400 into a dropped response, so it is replaced by U+FFFD.
     */
    private static String printable(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (paired) {
                if (out != null) {
                    out.append(c).append(s.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (out == null) {
                    out = new StringBuilder(s.length()).append(s, 0, i);
                }
                out.append('\uFFFD');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }
}
