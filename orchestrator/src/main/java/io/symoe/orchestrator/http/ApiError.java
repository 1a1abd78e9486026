package io.symoe.orchestrator.http;

import io.vertx.core.json.JsonObject;

/**
 * An error rendered in OpenAI's shape, {@code {"error":{"message","type","code"}}}, so OpenAI clients surface it
 * as they would one of OpenAI's own.
 */
public record ApiError(int status, String type, String code, String message) {

    public static ApiError notFound(String message) {
        return new ApiError(404, "invalid_request_error", "not_found", message);
    }

    public static ApiError badRequest(String code, String message) {
        return new ApiError(400, "invalid_request_error", code, message);
    }

    public static ApiError tooLarge(long limitBytes) {
        return new ApiError(413, "invalid_request_error", "request_too_large",
                "request body exceeds the limit of " + limitBytes + " bytes");
    }

    public static ApiError methodNotAllowed(String method, String path) {
        return new ApiError(405, "invalid_request_error", "method_not_allowed", method + " is not allowed on " + path);
    }

    public static ApiError internal(String message) {
        return new ApiError(500, "server_error", "internal_error", message);
    }

    public JsonObject toJson() {
        return new JsonObject().put("error", new JsonObject()
                .put("message", message)
                .put("type", type)
                .put("code", code));
    }
}
