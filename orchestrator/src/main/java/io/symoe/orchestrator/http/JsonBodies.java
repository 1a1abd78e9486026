package io.symoe.orchestrator.http;

import io.symoe.orchestrator.api.JsonTypes;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads request bodies for every JSON endpoint the same way: the body must be one JSON object. Any other
 * top-level value (array, string, number, boolean, null) or bad syntax is the same 400 {@code invalid_json}, so no
 * handler ever casts a value that is not there (issue 18: {@code []} was a 500).
 */
public final class JsonBodies {
    private JsonBodies() {}

    /** The body as a JSON object; fails with an {@link ApiException} (400 invalid_json) for anything else. */
    public static JsonObject object(RoutingContext ctx) {
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw new ApiException(ApiError.invalidJson("request body is empty; send a JSON object"));
        }
        return decode(body);
    }

    /** Like {@link #object} for routes that take no parameters in the body: an empty body is an empty object. */
    public static JsonObject optionalObject(RoutingContext ctx) {
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        if (body == null || body.length() == 0 || body.toString().isBlank()) {
            return new JsonObject();
        }
        return decode(body);
    }

    private static JsonObject decode(Buffer body) {
        Object value;
        try {
            value = Json.decodeValue(body);
        } catch (DecodeException e) {
            throw new ApiException(ApiError.invalidJson("request body is not valid JSON: " + firstLine(e.getMessage())));
        }
        if (value instanceof JsonObject o) {
            return o;
        }
        throw new ApiException(ApiError.invalidJson("request body must be a JSON object, got " + JsonTypes.kind(value)));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
