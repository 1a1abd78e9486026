package io.symoe.ops;

import io.symoe.orchestrator.cli.SymoeCli;
import picocli.CommandLine.ParseResult;

import java.nio.file.Path;
import java.util.List;

/**
 * The arguments a deployment file passes to the symoe CLI, parsed by the CLI's real picocli model (without running
 * it): an option the CLI does not have, or a missing subcommand, fails here exactly as it would at start-up.
 *
 * @param config the {@code --config} file, or null for the embedded default
 * @param host   the {@code --host} override, or null
 * @param port   the {@code --port} override, or null
 */
record ServeInvocation(Path config, String host, Integer port) {

    static ServeInvocation parse(List<String> cliArgs) {
        ParseResult root = SymoeCli.commandLine().parseArgs(cliArgs.toArray(String[]::new));
        ParseResult serve = root.subcommand();
        if (serve == null || !"serve".equals(serve.commandSpec().name())) {
            throw new AssertionError("expected the 'serve' subcommand in " + cliArgs);
        }
        if (!serve.unmatched().isEmpty()) {
            throw new AssertionError("arguments the CLI does not understand: " + serve.unmatched());
        }
        return new ServeInvocation(serve.matchedOptionValue("--config", null),
                serve.matchedOptionValue("--host", null),
                serve.matchedOptionValue("--port", null));
    }

    /** The address the service will bind: the override, else the config's. */
    String effectiveHost(io.symoe.core.config.SymoeConfig cfg) {
        return host != null ? host : cfg.server().host();
    }

    int effectivePort(io.symoe.core.config.SymoeConfig cfg) {
        return port != null ? port : cfg.server().port();
    }

    static String mainClass() {
        return SymoeCli.class.getName();
    }
}
