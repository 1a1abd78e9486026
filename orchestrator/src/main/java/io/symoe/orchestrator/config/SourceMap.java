package io.symoe.orchestrator.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each key and list entry of a document sits, by JSON pointer ({@code /pool/backends/0/kind}): a tree read
 * for checking, and records bound from it, no longer know their positions, yet every error must name its line.
 */
final class SourceMap {
    private final Map<String, JsonLocation> locations;

    private SourceMap(Map<String, JsonLocation> locations) {
        this.locations = locations;
    }

    /** Reads the whole document once; a document that does not parse maps as far as it got. */
    static SourceMap of(YAMLFactory factory, String yaml) {
        Map<String, JsonLocation> locations = new HashMap<>();
        try (JsonParser p = factory.createParser(yaml)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                JsonStreamContext ctx = p.getParsingContext();
                String here;
                if (t == JsonToken.FIELD_NAME) {
                    here = ctx.pathAsPointer().toString();
                } else if (t.isStructStart()) {
                    here = ctx.getParent() == null ? "" : ctx.getParent().pathAsPointer().toString();
                } else if (ctx.inArray()) {
                    here = ctx.pathAsPointer().toString();
                } else {
                    continue;
                }
                locations.putIfAbsent(here, p.currentTokenLocation());
            }
        } catch (IOException | RuntimeException e) {
            // Best effort: the syntax error itself is reported by the binding, with its own location.
        }
        return new SourceMap(locations);
    }

    /** The location of the key or entry at {@code pointer}, or null when the document has none there. */
    JsonLocation at(String pointer) {
        return locations.get(pointer);
    }
}
