package io.symoe.orchestrator.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.symoe.core.ByteSize;

import java.io.IOException;
import java.io.Serial;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Jackson bindings for config scalars: sizes and durations with units, kebab-case enum values. */
final class ConfigValuesModule extends SimpleModule {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Types this module reads from one scalar, though Java models them as records; the schema treats them as values. */
    static final java.util.Set<Class<?>> SCALAR_TYPES = java.util.Set.of(ByteSize.class, Duration.class);

    ConfigValuesModule() {
        super("symoe-config-values");
        addDeserializer(ByteSize.class, new ByteSizeDeserializer());
        addDeserializer(Duration.class, new DurationDeserializer());
        setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            @SuppressWarnings({"unchecked", "rawtypes"})
            public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                                                              BeanDescription beanDesc, JsonDeserializer<?> deserializer) {
                return new KebabEnumDeserializer((Class<Enum>) type.getRawClass());
            }
        });
    }

    static final class ByteSizeDeserializer extends StdScalarDeserializer<ByteSize> {
        @Serial
        private static final long serialVersionUID = 1L;

        ByteSizeDeserializer() {
            super(ByteSize.class);
        }

        @Override
        public ByteSize deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                long v = p.getLongValue();
                if (v < 0) {
                    throw InvalidFormatException.from(p, "size must not be negative", v, ByteSize.class);
                }
                return new ByteSize(v);
            }
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                String text = p.getText();
                try {
                    return ConfigValues.parseSize(text);
                } catch (IllegalArgumentException e) {
                    throw InvalidFormatException.from(p, e.getMessage(), text, ByteSize.class);
                }
            }
            throw InvalidFormatException.from(p, "expected a size such as 8GiB", p.getText(), ByteSize.class);
        }
    }

    static final class DurationDeserializer extends StdScalarDeserializer<Duration> {
        @Serial
        private static final long serialVersionUID = 1L;

        DurationDeserializer() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT || p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
                // A bare number is seconds, the unit people mean when they write "timeout: 30".
                double seconds = p.getDoubleValue();
                if (!(seconds >= 0) || seconds > 1e9) {
                    throw InvalidFormatException.from(p, "duration out of range", seconds, Duration.class);
                }
                return Duration.ofMillis(Math.round(seconds * 1000));
            }
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                String text = p.getText();
                try {
                    return ConfigValues.parseDuration(text);
                } catch (IllegalArgumentException e) {
                    throw InvalidFormatException.from(p, e.getMessage(), text, Duration.class);
                }
            }
            throw InvalidFormatException.from(p, "expected a duration such as 30s", p.getText(), Duration.class);
        }
    }

    /** Accepts {@code cost-aware}, {@code cost_aware} or {@code COST_AWARE}; lists the allowed values otherwise. */
    static final class KebabEnumDeserializer<E extends Enum<E>> extends StdScalarDeserializer<E> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final Class<E> type;

        KebabEnumDeserializer(Class<E> type) {
            super(type);
            this.type = type;
        }

        @Override
        public E deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            if (text != null) {
                String name = text.strip().replace('-', '_').toUpperCase(Locale.ROOT);
                for (E constant : type.getEnumConstants()) {
                    if (constant.name().equals(name)) {
                        return constant;
                    }
                }
            }
            String allowed = Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .collect(Collectors.joining(", "));
            throw InvalidFormatException.from(p, "unknown value \"" + text + "\" (one of: " + allowed + ")", text, type);
        }
    }
}
