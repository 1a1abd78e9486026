package io.symoe.orchestrator.reliability;

import io.symoe.core.BackendKind;
import io.symoe.core.ByteSize;
import io.symoe.core.config.BackendConfig;
import io.symoe.core.config.ModelConfig;
import io.symoe.core.config.PoolConfig;
import io.symoe.core.config.ServerConfig;
import io.symoe.core.config.SymoeConfig;
import io.symoe.orchestrator.SymoeService;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Issue 7: the gateway's overhead. Drives a fixed request rate for a bounded time at (a) symoe, with a pool model
 * id so the request passes straight through to an OpenAI-compatible backend on loopback, and (b) that backend
 * directly, then prints p50/p99 of both and the difference. Not a test: timings are measured here, never asserted.
 *
 * <p>The backend is {@link OpenAiTestServer} in a child JVM (answers at once); symoe and the load driver share this
 * JVM. Run (after {@code mvn -pl orchestrator test-compile}; see orchestrator/README.md):
 * <pre>java -cp "$(cat orchestrator/target/test-classpath.txt)" io.symoe.orchestrator.reliability.GatewayLoadBenchmark [rate] [seconds]</pre>
 */
public final class GatewayLoadBenchmark {
    private static final String MODEL = "bench-model";

    private GatewayLoadBenchmark() {}

    public static void main(String[] args) throws Exception {
        double rate = args.length > 0 ? Double.parseDouble(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int count = (int) (rate * seconds);
        String body = LoadTest.chat(MODEL, "What is the capital of France?").encode();
        try (ChildProcess backend = ChildProcess.start(OpenAiTestServer.class, MODEL);
             LoadDriver driver = new LoadDriver(512)) {
            var pool = new PoolConfig(null, null,
                    List.of(new BackendConfig("bench", BackendKind.OPENAI, URI.create("http://127.0.0.1:" + backend.port()),
                            null, null, Duration.ofSeconds(30), 256, 0)),
                    List.of(new ModelConfig(MODEL, "bench", null, null, null, null, null, null)));
            var server = new ServerConfig("127.0.0.1", 0, ByteSize.ofMiB(1), Duration.ofSeconds(30), null);
            try (SymoeService symoe = SymoeService.start(new SymoeConfig(server, pool, null, null, null))
                    .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS)) {
                // Warm both paths (JIT, connections) before measuring.
                driver.paced(backend.port(), "/v1/chat/completions", (int) rate * 2, i -> body, 30_000, rate);
                driver.paced(symoe.httpPort(), "/v1/chat/completions", (int) rate * 2, i -> body, 30_000, rate);

                LoadDriver.Result direct = driver.paced(backend.port(), "/v1/chat/completions", count, i -> body, 30_000, rate);
                LoadDriver.Result gateway = driver.paced(symoe.httpPort(), "/v1/chat/completions", count, i -> body, 30_000, rate);
                System.out.printf("target %.0f req/s for %d s on %d cores%n", rate, seconds,
                        Runtime.getRuntime().availableProcessors());
                System.out.println("direct  (backend):           " + direct.summary());
                System.out.println("gateway (symoe pass-through): " + gateway.summary());
                System.out.printf("overhead: p50 %+.1f ms, p99 %+.1f ms%n",
                        gateway.percentileMs(50) - direct.percentileMs(50), gateway.percentileMs(99) - direct.percentileMs(99));
            }
        }
        System.exit(0);
    }
}
