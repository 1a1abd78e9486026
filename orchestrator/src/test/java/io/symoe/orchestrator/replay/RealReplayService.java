package io.symoe.orchestrator.replay;

import io.symoe.core.config.RouterConfig;
import io.symoe.core.config.ServerConfig;
import io.symoe.core.config.SkillSource;
import io.symoe.core.config.SymoeConfig;
import io.symoe.orchestrator.SymoeService;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code symoe serve --replay} on the real TIGER recordings, routing on their categories: the same replay pool,
 * question resolution and aggregation as the default, without the first start's minute-long embedding of 9 195
 * questions (the embedding router is exercised by ServiceApiTest on a small recording).
 */
final class RealReplayService {
    private RealReplayService() {}

    static SymoeService start(Path outputs) throws Exception {
        var server = new ServerConfig("127.0.0.1", 0, null, Duration.ofSeconds(60), null);
        var router = new RouterConfig(SkillSource.CATEGORY, null, null, null, null, null);
        SymoeService service = SymoeService.start(new SymoeConfig(server, null, router, null, null),
                new SymoeService.Options(outputs, false)).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        try (HttpClient http = HttpClient.newHttpClient()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + "/health/ready"))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                if (System.nanoTime() > deadline) {
                    service.close();
                    throw new IllegalStateException("the replay service did not become ready within 120 s");
                }
                Thread.sleep(100);
            }
        }
        return service;
    }
}
