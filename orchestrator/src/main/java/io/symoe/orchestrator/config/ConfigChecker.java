package io.symoe.orchestrator.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.symoe.core.config.ConfigReferenceException;
import io.symoe.core.config.SymoeConfig;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds every error of a config file in one pass, so a user fixes them all at once instead of one per start:
 * unknown keys at every depth (list entries included) with the known keys and a did-you-mean, values of the wrong
 * shape or syntax, then each record's own validation (required fields, ranges, references between sections).
 *
 * <p>A record is validated only when everything inside it is valid, since a record built around a broken part
 * would report consequences ("id must not be blank") instead of the cause; unknown keys do not block it, they are
 * left out. A record's constructor stops at its first complaint, so one record gives at most one such error per
 * run.
 */
final class ConfigChecker {

    /** A place in the document, as people read it ({@code pool.backends[0]}) and as the source map keys it. */
    private record At(String keyPath, String pointer) {
        static final At ROOT = new At("", "");

        At key(String name) {
            return new At(keyPath.isEmpty() ? name : keyPath + "." + name,
                    pointer + "/" + name.replace("~", "~0").replace("/", "~1"));
        }

        At index(int i) {
            return new At(keyPath + "[" + i + "]", pointer + "/" + i);
        }
    }

    /** What a check returns for a part with errors: a marker no document can contain. */
    private static final JsonNode INVALID = new TextNode("<invalid>");

    private final ObjectMapper mapper;
    private final YAMLFactory yamlFactory;
    private final ConfigSchema schema;

    ConfigChecker(ObjectMapper mapper, YAMLFactory yamlFactory) {
        this.mapper = mapper;
        this.yamlFactory = yamlFactory;
        this.schema = new ConfigSchema(mapper);
    }

    /**
     * Every problem of the document in document order, a record's own complaint after those of its parts; empty
     * when it is valid or cannot even be read as a tree.
     */
    List<ConfigProblem> check(String yaml, String source) {
        JsonNode root;
        try {
            root = mapper.readTree(yaml);
        } catch (JsonProcessingException e) {
            // Syntax errors, duplicate keys and over-deep nesting: the binding reports those, located, on its own.
            return List.of();
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return List.of();
        }
        Run run = new Run(source, SourceMap.of(yamlFactory, yaml));
        run.check(root, mapper.constructType(SymoeConfig.class), At.ROOT);
        return run.problems;
    }

    /** One check of one document: where it reads positions from and what it has found. */
    private final class Run {
        final String source;
        final SourceMap sourceMap;
        final List<ConfigProblem> problems = new ArrayList<>();

        Run(String source, SourceMap sourceMap) {
            this.source = source;
            this.sourceMap = sourceMap;
        }

        /**
         * Checks {@code node} against {@code type}. Returns the node without its unknown keys, for the enclosing
         * record's validation, or {@link #INVALID} when something inside is wrong.
         */
        JsonNode check(JsonNode node, JavaType type, At at) {
            if (node == null || node.isNull()) {
                return node; // an empty key means "the default", as in the binding
            }
            return switch (schema.shapeOf(type)) {
                case ConfigSchema.Shape.Section section -> checkSection(node, section, at);
                case ConfigSchema.Shape.ListOf list -> checkList(node, list, at);
                case ConfigSchema.Shape.MapOf map -> checkMap(node, map, at);
                case ConfigSchema.Shape.Scalar scalar -> checkScalar(node, scalar.type(), at);
            };
        }

        private JsonNode checkSection(JsonNode node, ConfigSchema.Shape.Section section, At at) {
            Map<String, JavaType> keys = section.keys();
            if (!node.isObject()) {
                report(at, "expected a mapping with keys " + String.join(", ", keys.keySet()) + ", got "
                        + describe(node));
                return INVALID;
            }
            boolean partsValid = true;
            ObjectNode known = mapper.createObjectNode();
            for (Map.Entry<String, String> alias : ConfigAliases.of(section.type().getRawClass()).entrySet()) {
                if (node.has(alias.getKey()) && node.has(alias.getValue())) {
                    report(at.key(alias.getKey()), "'" + alias.getKey() + "' is another name for '" + alias.getValue()
                            + "', which is also given: keep one of them");
                    partsValid = false;
                }
            }
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                JavaType keyType = keys.get(field.getKey());
                if (keyType == null) {
                    report(at.key(field.getKey()), unknownKey(field.getKey(), keys));
                    continue;
                }
                JsonNode part = check(field.getValue(), keyType, at.key(field.getKey()));
                partsValid &= part != INVALID;
                known.set(field.getKey(), part);
            }
            return partsValid && validate(known, section.type(), at) ? known : INVALID;
        }

        private JsonNode checkList(JsonNode node, ConfigSchema.Shape.ListOf list, At at) {
            if (!node.isArray()) {
                report(at, "expected a list (one '- ' entry per line, or [a, b]), got " + describe(node));
                return INVALID;
            }
            boolean valid = true;
            ArrayNode entries = mapper.createArrayNode();
            for (int i = 0; i < node.size(); i++) {
                JsonNode entry = check(node.get(i), list.element(), at.index(i));
                valid &= entry != INVALID;
                entries.add(entry);
            }
            return valid ? entries : INVALID;
        }

        private JsonNode checkMap(JsonNode node, ConfigSchema.Shape.MapOf map, At at) {
            if (!node.isObject()) {
                report(at, "expected a mapping of names to entries, got " + describe(node));
                return INVALID;
            }
            boolean valid = true;
            ObjectNode entries = mapper.createObjectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                JsonNode entry = check(field.getValue(), map.value(), at.key(field.getKey()));
                valid &= entry != INVALID;
                entries.set(field.getKey(), entry);
            }
            return valid ? entries : INVALID;
        }

        private JsonNode checkScalar(JsonNode node, JavaType type, At at) {
            // A type the schema cannot see into (a future polymorphic section, say) is left to its deserializer.
            if (node.isContainerNode() && isPlainValue(type)) {
                report(at, "expected " + scalarName(type) + ", got " + describe(node));
                return INVALID;
            }
            try {
                mapper.treeToValue(node, type);
                return node;
            } catch (JsonProcessingException | IllegalArgumentException e) {
                report(at, scalarProblem(node, type, e));
                return INVALID;
            }
        }

        /** Runs the record's own validation on its known keys, its parts having passed theirs. */
        private boolean validate(ObjectNode known, JavaType type, At at) {
            try {
                mapper.treeToValue(known, type);
                return true;
            } catch (ValueInstantiationException e) {
                Throwable cause = rootCause(e);
                if (cause instanceof ConfigReferenceException ref) {
                    // Reference errors name their own (absolute) key path, pointing at the referring key.
                    String message = ref.getMessage();
                    String problem = message.startsWith(ref.keyPath() + " ")
                            ? message.substring(ref.keyPath().length() + 1) : message;
                    report(new At(ref.keyPath(), pointerOf(ref.keyPath(), at)), problem);
                } else {
                    report(at, cause.getMessage() == null ? cause.toString() : cause.getMessage());
                }
                return false;
            } catch (JsonMappingException e) {
                // Not expected once the parts are valid; reported at the record, with the path Jackson names.
                String inner = ConfigLoader.keyPath(e);
                String keyPath = inner.isEmpty() ? at.keyPath()
                        : at.keyPath().isEmpty() ? inner : at.keyPath() + "." + inner;
                report(new At(keyPath, at.pointer()), firstLine(String.valueOf(e.getOriginalMessage())));
                return false;
            } catch (JsonProcessingException | IllegalArgumentException e) {
                report(at, e.getMessage());
                return false;
            }
        }

        private void report(At at, String problem) {
            JsonLocation location = sourceMap.at(at.pointer());
            int line = location == null ? 0 : Math.max(0, location.getLineNr());
            int column = location == null ? 0 : Math.max(0, location.getColumnNr());
            problems.add(new ConfigProblem(source, line, column, at.keyPath(), problem));
        }
    }

    private static String pointerOf(String keyPath, At fallback) {
        try {
            return ConfigLoader.toPointer(keyPath);
        } catch (IllegalArgumentException e) {
            return fallback.pointer();
        }
    }

    private static String unknownKey(String key, Map<String, JavaType> keys) {
        String known = keys.isEmpty() ? "" : " (known keys: " + String.join(", ", keys.keySet()) + ")";
        String guess = KeySuggestion.forKey(key, keys.keySet()).map(k -> "; did you mean '" + k + "'?").orElse("");
        return "unknown key '" + key + "'" + known + guess;
    }

    /** Types that are always written as one value, so a mapping or list in their place is an error. */
    private static boolean isPlainValue(JavaType type) {
        Class<?> raw = type.getRawClass();
        return raw.isPrimitive() || raw.isEnum() || raw == String.class || raw == URI.class
                || Number.class.isAssignableFrom(raw) || raw == Boolean.class
                || ConfigValuesModule.SCALAR_TYPES.contains(raw);
    }

    /** What a value should have been, in the words of the file rather than of Java. */
    private static String scalarName(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
            return "a whole number";
        }
        if (raw == Double.class || raw == double.class) {
            return "a number";
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return "true or false";
        }
        if (raw == URI.class) {
            return "a URL";
        }
        if (raw.isEnum()) {
            return "one of " + java.util.Arrays.stream(raw.getEnumConstants())
                    .map(c -> ((Enum<?>) c).name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                    .collect(java.util.stream.Collectors.joining(", "));
        }
        if (raw == String.class) {
            return "text";
        }
        return "a single value";
    }

    private static String scalarProblem(JsonNode node, JavaType type, Exception e) {
        Class<?> raw = type.getRawClass();
        boolean plainType = raw == Integer.class || raw == Long.class || raw == Double.class || raw == Boolean.class
                || raw == String.class;
        if (plainType && !(node.isIntegralNumber() && (raw == Integer.class || raw == Long.class))) {
            return "expected " + scalarName(type) + ", got " + describe(node);
        }
        String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        return message == null ? "invalid value " + describe(node) : firstLine(message);
    }

    private static String describe(JsonNode node) {
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isTextual()) {
            String text = node.textValue();
            return "\"" + (text.length() > 60 ? text.substring(0, 60) + "…" : text) + "\"";
        }
        String text = node.asText();
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }
}
