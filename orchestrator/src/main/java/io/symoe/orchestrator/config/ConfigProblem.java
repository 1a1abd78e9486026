package io.symoe.orchestrator.config;

/**
 * One thing wrong with a config file, located: {@code symoe.yaml:12:9: pool.models[1].memory: invalid size "8XB"}.
 *
 * @param source  the file name (or another label, such as "embedded default config")
 * @param line    1-based line, or 0 when unknown
 * @param column  1-based column, or 0 when unknown
 * @param keyPath dotted key path such as {@code pool.backends[0].kind}; empty for syntax errors
 * @param problem what is wrong and, where it helps, what would be right
 */
public record ConfigProblem(String source, int line, int column, String keyPath, String problem) {
    public ConfigProblem {
        keyPath = keyPath == null ? "" : keyPath;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(source);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        sb.append(": ");
        if (!keyPath.isEmpty()) {
            sb.append(keyPath).append(": ");
        }
        return sb.append(problem).toString();
    }
}
