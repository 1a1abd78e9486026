package io.symoe.orchestrator.cli;

import io.symoe.core.config.SymoeConfig;
import io.symoe.orchestrator.SymoeService;
import io.symoe.orchestrator.config.ConfigException;
import io.symoe.orchestrator.config.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Start the symoe service (HTTP on 127.0.0.1:8420 by default).",
                "Without --config it runs on the embedded default: one node, no cluster."})
public final class ServeCommand implements Callable<Integer> {
    private static final System.Logger LOG = System.getLogger("symoe");

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "YAML config file (see ops/config/symoe.yaml).")
    Path config;

    @Option(names = "--host", paramLabel = "HOST", description = "Interface to bind (overrides server.host).")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "HTTP port (overrides server.port; default 8420).")
    Integer port;

    @Option(names = "--replay", paramLabel = "DIR",
            description = "Serve recorded MMLU-Pro outputs (a directory of model_outputs_*.zip) as a replay pool and"
                    + " profile its models from them.")
    Path replay;

    @Option(names = "--cluster", description = "Join a Hazelcast cluster (members from cluster.* in the config).")
    boolean cluster;

    @Override
    public Integer call() throws Exception {
        SymoeConfig cfg;
        try {
            ConfigLoader loader = new ConfigLoader();
            cfg = config == null ? loader.loadDefault() : loader.load(config);
            cfg = withOverrides(cfg);
        } catch (ConfigException e) {
            // One line per problem, each with the same prefix, so every error of the file is seen (and grepped) at once.
            e.problems().forEach(p -> System.err.println("symoe: invalid configuration: " + p));
            return 2;
        } catch (IllegalArgumentException e) {
            System.err.println("symoe: invalid configuration: " + e.getMessage());
            return 2;
        }

        SymoeService service;
        try {
            service = SymoeService.start(cfg, new SymoeService.Options(replay, cluster))
                    .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            System.err.println("symoe: cannot start: " + (cause instanceof java.net.BindException
                    ? "port " + cfg.server().port() + " on " + cfg.server().host() + " is in use (" + cause.getMessage() + ")"
                    : cause.getMessage()));
            return 1;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // JUL resets its handlers in its own shutdown hook, so a log record here may be lost.
            System.err.println("symoe: stopping");
            service.close();
            System.err.println("symoe: stopped");
            stopped.countDown();
        }, "symoe-shutdown"));
        LOG.log(System.Logger.Level.INFO, "symoe listening on http://" + cfg.server().host() + ":" + service.httpPort()
                + " (config: " + (config == null ? "embedded default" : config)
                + (replay == null ? "" : ", replay pool: " + replay) + (cluster ? ", clustered" : "") + ")");
        stopped.await();
        return 0;
    }

    private SymoeConfig withOverrides(SymoeConfig cfg) {
        var server = cfg.server();
        if (host != null) {
            server = server.withHost(host);
        }
        if (port != null) {
            server = server.withPort(port);
        }
        return new SymoeConfig(server, cfg.pool(), cfg.router(), cfg.aggregator(), cfg.cluster(), cfg.pipelines());
    }
}
