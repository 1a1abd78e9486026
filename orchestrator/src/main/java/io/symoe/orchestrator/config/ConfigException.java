package io.symoe.orchestrator.config;

/**
 * A configuration file that cannot be used. The message always names the source, and where known the line,
 * column and key path, e.g. {@code symoe.yaml:12:9: pool.models[1].memory: invalid size "8XB"}.
 */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;
    private final String keyPath;
    private final String problem;

    public ConfigException(String source, int line, int column, String keyPath, String problem, Throwable cause) {
        super(format(source, line, column, keyPath, problem), cause);
        this.source = source;
        this.line = line;
        this.column = column;
        this.keyPath = keyPath;
        this.problem = problem;
    }

    private static String format(String source, int line, int column, String keyPath, String problem) {
        StringBuilder sb = new StringBuilder(source);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        sb.append(": ");
        if (keyPath != null && !keyPath.isEmpty()) {
            sb.append(keyPath).append(": ");
        }
        return sb.append(problem).toString();
    }

    public String source() {
        return source;
    }

    /** 1-based line, or 0 when unknown. */
    public int line() {
        return line;
    }

    /** 1-based column, or 0 when unknown. */
    public int column() {
        return column;
    }

    /** Dotted key path such as {@code pool.models[1].memory}; empty for syntax errors. */
    public String keyPath() {
        return keyPath;
    }

    public String problem() {
        return problem;
    }
}
