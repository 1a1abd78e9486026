package io.symoe.core.config;

/**
 * A value that is well-formed on its own but wrong in context (a model naming an unknown backend, a duplicate
 * id). Carries the key path so the loader can point at the line in the file.
 */
public class ConfigReferenceException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String keyPath;

    public ConfigReferenceException(String keyPath, String message) {
        super(keyPath + " " + message);
        this.keyPath = keyPath;
    }

    /** Dotted path with list indexes, e.g. {@code pool.models[2].backend}. */
    public String keyPath() {
        return keyPath;
    }
}
