package io.symoe.orchestrator.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.symoe.core.config.ConfigReferenceException;
import io.symoe.core.config.SymoeConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Reads symoe's YAML config into {@link SymoeConfig}. Keys are kebab-case ({@code max-body}); enum values too
 * ({@code cost-aware}); sizes and durations take units ({@code 8GiB}, {@code 30s}). Unknown keys are errors,
 * since a misspelt key silently falling back to a default is the worst kind of config bug.
 *
 * <p>Every failure is a {@link ConfigException} naming the file, line, column and key path of each problem; a
 * file with several gets them all in one run ({@link ConfigChecker}).
 */
public final class ConfigLoader {

    /** The config the service runs on when no file is given. */
    public static final String DEFAULT_RESOURCE = "/io/symoe/orchestrator/config/symoe-default.yaml";

    private final ObjectMapper mapper;
    private final YAMLFactory yamlFactory = new YAMLFactory();
    private final ConfigChecker checker;

    public ConfigLoader() {
        this.mapper = JsonMapper.builder(yamlFactory)
                .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .addModule(new ConfigValuesModule())
                .annotationIntrospector(new ConfigAliases())
                .build();
        this.checker = new ConfigChecker(mapper, yamlFactory);
    }


    public SymoeConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), 0, 0, "", "file not found", e);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new ConfigException(file.toString(), 0, 0, "", "not valid UTF-8", e);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), 0, 0, "", "cannot read: " + e.getMessage(), e);
        }
        return LocalPaths.resolveAgainst(parse(text, file.toString()), file.toAbsolutePath().getParent());
    }

    /** The embedded default config (single node, no cluster, empty pool). */
    public SymoeConfig loadDefault() {
        try (InputStream in = Objects.requireNonNull(ConfigLoader.class.getResourceAsStream(DEFAULT_RESOURCE),
                "default config resource missing from the build")) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "embedded default config");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the embedded default config", e);
        }
    }

    /**
     * Binds {@code yaml}; a file with errors fails with all of them at once ({@link ConfigException#problems()}).
     * The checker finds what a binding can (unknown keys at any depth, bad values, each record's validation); the
     * binding below stays the authority for what the checker leaves to it (syntax errors, duplicate keys).
     */
    public SymoeConfig parse(String yaml, String source) {
        List<ConfigProblem> problems = checker.check(yaml, source);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        try (JsonParser parser = mapper.createParser(yaml)) {
            // An empty or comment-only file is a valid config that changes nothing.
            if (parser.nextToken() == null) {
                return SymoeConfig.defaults();
            }
            SymoeConfig config = mapper.readValue(parser, SymoeConfig.class);
            return config == null ? SymoeConfig.defaults() : config;
        } catch (UnrecognizedPropertyException e) {
            String path = keyPath(e);
            return fail(yaml, source, path, e.getLocation(), "unknown key '" + e.getPropertyName() + "'"
                    + knownKeys(e.getKnownPropertyIds()), e);
        } catch (ValueInstantiationException e) {
            Throwable cause = rootCause(e);
            if (cause instanceof ConfigReferenceException ref) {
                return fail(yaml, source, ref.keyPath(), e.getLocation(), stripPath(ref.getMessage(), ref.keyPath()), e);
            }
            return fail(yaml, source, keyPath(e), e.getLocation(), cause.getMessage(), e);
        } catch (JsonMappingException e) {
            Throwable cause = rootCause(e);
            if (causeOfType(e, JsonParseException.class) instanceof JsonParseException syntax) {
                // Databind wraps a syntax error met while binding a record; it is still a syntax error.
                return fail(yaml, source, "", syntax.getLocation(),
                        "YAML syntax error: " + firstLine(syntax.getOriginalMessage()), e);
            }
            String problem = cause != e && cause instanceof IllegalArgumentException ? cause.getMessage()
                    : e.getOriginalMessage();
            return fail(yaml, source, keyPath(e), e.getLocation(), problem, e);
        } catch (JsonParseException e) {
            return fail(yaml, source, "", e.getLocation(), "YAML syntax error: " + firstLine(e.getOriginalMessage()), e);
        } catch (JsonProcessingException e) {
            return fail(yaml, source, "", e.getLocation(), e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigException(source, 0, 0, "", "cannot read: " + e.getMessage(), e);
        }
    }

    private SymoeConfig fail(String yaml, String source, String keyPath, JsonLocation fallback, String problem,
                             Throwable cause) {
        JsonLocation at = keyPath.isEmpty() ? null : locate(yaml, keyPath);
        if (at == null) {
            at = fallback;
        }
        int line = at == null ? 0 : Math.max(0, at.getLineNr());
        int column = at == null ? 0 : Math.max(0, at.getColumnNr());
        throw new ConfigException(source, line, column, keyPath, problem, cause);
    }

    /**
     * Finds where a key path such as {@code pool.models[1].backend} sits in the document, by streaming through it:
     * bound records no longer know their positions, and reference errors are only found after binding.
     */
    JsonLocation locate(String yaml, String keyPath) {
        try {
            return SourceMap.of(yamlFactory, yaml).at(toPointer(keyPath));
        } catch (IllegalArgumentException e) {
            // Locating is best effort: a key path it cannot follow (a key named "a[b", found by fuzzing) must
            // not replace the real error.
            return null;
        }
    }

    static String toPointer(String keyPath) {
        StringBuilder sb = new StringBuilder();
        for (String part : keyPath.split("\\.")) {
            int bracket = part.indexOf('[');
            String name = bracket < 0 ? part : part.substring(0, bracket);
            if (!name.isEmpty()) {
                sb.append('/').append(name.replace("~", "~0").replace("/", "~1"));
            }
            while (bracket >= 0) {
                int close = part.indexOf(']', bracket);
                if (close < 0) {
                    throw new IllegalArgumentException("unbalanced '[' in key path " + keyPath);
                }
                sb.append('/').append(part, bracket + 1, close);
                bracket = part.indexOf('[', close);
            }
        }
        return sb.toString();
    }

    static String keyPath(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String knownKeys(Collection<Object> known) {
        if (known == null || known.isEmpty()) {
            return "";
        }
        TreeSet<String> names = new TreeSet<>();
        known.forEach(k -> names.add(String.valueOf(k)));
        return " (known keys: " + String.join(", ", names) + ")";
    }

    private static String stripPath(String message, String keyPath) {
        return message.startsWith(keyPath + " ") ? message.substring(keyPath.length() + 1) : message;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    private static Throwable causeOfType(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return c;
            }
        }
        return null;
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }
}
