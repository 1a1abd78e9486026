package io.symoe.orchestrator.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Names the JSON type of a decoded value, in the JSON spec's words, so an error can say what was sent. */
public final class JsonTypes {
    private JsonTypes() {}

    public static String kind(Object value) {
        return switch (value) {
            case null -> "null";
            case JsonObject o -> "an object";
            case JsonArray a -> "an array";
            case String s -> "a string";
            case Boolean b -> "a boolean";
            case Number n -> "a number";
            default -> value.getClass().getSimpleName();
        };
    }
}
