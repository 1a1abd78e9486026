package io.symoe.orchestrator.config;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What keys and values a config file may hold, read from the config records themselves through the same Jackson
 * introspection that binds them: a key added to a record (say a new section of {@code BackendConfig}) is known to
 * the checker with no second edit, and the known-keys lists in error messages cannot drift from what binds.
 */
final class ConfigSchema {

    /** The shape a value must have at one place of the file. */
    sealed interface Shape {
        /** A record: a mapping with a fixed set of keys. */
        record Section(JavaType type, Map<String, JavaType> keys) implements Shape {}

        /** A list whose entries all have one shape. */
        record ListOf(JavaType element) implements Shape {}

        /** A mapping with free keys (named pipelines) whose values all have one shape. */
        record MapOf(JavaType value) implements Shape {}

        /** One value (text, number, size, duration, enum, URL) read by its deserializer. */
        record Scalar(JavaType type) implements Shape {}
    }

    private final ObjectMapper mapper;
    private final Map<JavaType, Shape> shapes = new ConcurrentHashMap<>();

    ConfigSchema(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    Shape shapeOf(JavaType type) {
        return shapes.computeIfAbsent(type, this::derive);
    }

    private Shape derive(JavaType type) {
        if (type.isCollectionLikeType() || type.isArrayType()) {
            return new Shape.ListOf(type.getContentType());
        }
        if (type.isMapLikeType()) {
            return new Shape.MapOf(type.getContentType());
        }
        // Records with their own scalar syntax (ByteSize's "8GiB") are values, not sections.
        if (type.isRecordType() && !ConfigValuesModule.SCALAR_TYPES.contains(type.getRawClass())) {
            BeanDescription description = mapper.getDeserializationConfig().introspect(type);
            Map<String, JavaType> keys = new TreeMap<>();
            for (BeanPropertyDefinition property : description.findProperties()) {
                if (property.couldDeserialize()) {
                    keys.put(property.getName(), property.getPrimaryType());
                    for (var alias : property.findAliases()) {
                        keys.put(alias.getSimpleName(), property.getPrimaryType());
                    }
                }
            }
            return new Shape.Section(type, Collections.unmodifiableMap(keys));
        }
        return new Shape.Scalar(type);
    }
}
