package io.symoe.orchestrator.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration file that cannot be used. The message always names the source, and where known the line,
 * column and key path, e.g. {@code symoe.yaml:12:9: pool.models[1].memory: invalid size "8XB"}. A file with several
 * errors reports all of them ({@link #problems()}, one per line of the message) so a user fixes them in one go;
 * the accessors give the first.
 */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    public ConfigException(String source, int line, int column, String keyPath, String problem, Throwable cause) {
        this(List.of(new ConfigProblem(source, line, column, keyPath, problem)), cause);
    }

    public ConfigException(List<ConfigProblem> problems) {
        this(problems, null);
    }

    private ConfigException(List<ConfigProblem> problems, Throwable cause) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")), cause);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in file order. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    public String source() {
        return problems.getFirst().source();
    }

    /** 1-based line, or 0 when unknown. */
    public int line() {
        return problems.getFirst().line();
    }

    /** 1-based column, or 0 when unknown. */
    public int column() {
        return problems.getFirst().column();
    }

    /** Dotted key path such as {@code pool.models[1].memory}; empty for syntax errors. */
    public String keyPath() {
        return problems.getFirst().keyPath();
    }

    public String problem() {
        return problems.getFirst().problem();
    }
}
