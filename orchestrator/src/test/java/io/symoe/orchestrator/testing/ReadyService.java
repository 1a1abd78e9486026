package io.symoe.orchestrator.testing;

import io.symoe.core.ByteSize;
import io.symoe.core.config.ServerConfig;
import io.symoe.core.config.SymoeConfig;
import io.symoe.orchestrator.SymoeService;
import io.vertx.ext.web.client.WebClient;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Starting a real service for a test, on loopback, and waiting until {@code /health/ready} answers 200. */
public final class ReadyService {
    private ReadyService() {}

    /** Loopback, a free port, 64 KiB bodies, 20 s request timeout: what the HTTP tests serve on. */
    public static ServerConfig loopback() {
        return new ServerConfig("127.0.0.1", 0, new ByteSize(64 * 1024), Duration.ofSeconds(20), null);
    }

    /** Starts {@code config} and polls {@code /health/ready} over HTTP for up to 120 s (profiles may be embedded first). */
    public static SymoeService start(SymoeConfig config, SymoeService.Options options) throws Exception {
        SymoeService service = SymoeService.start(config, options)
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        WebClient client = WebClient.create(service.vertx());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (client.get(service.httpPort(), "127.0.0.1", "/health/ready").send().toCompletionStage()
                .toCompletableFuture().get(30, TimeUnit.SECONDS).statusCode() != 200) {
            assertTrue(System.nanoTime() < deadline, "service never became ready: " + service.services().readiness());
            Thread.sleep(200);
        }
        return service;
    }
}
