package io.symoe.ops;

import io.symoe.core.config.ServerConfig;
import io.symoe.core.config.SymoeConfig;
import io.symoe.orchestrator.SymoeService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The routes the Dockerfile, the Kubernetes probes, the Prometheus scrape and the runbook use ({@link Routes}),
 * asked of the real service started in-process on a free port.
 */
class ProbeRoutesTest {
    private static SymoeService service;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        SymoeConfig cfg = new SymoeConfig(ServerConfig.defaults().withPort(0), null, null, null, null);
        service = SymoeService.start(cfg).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void livenessAnswersUp() throws Exception {
        HttpResponse<String> r = get(Routes.LIVENESS);
        assertEquals(200, r.statusCode());
        assertEquals("{\"status\":\"UP\"}", r.body().replace(" ", ""));
    }

    @Test
    void readinessIsServedAndAnswersReadyOrNotYet() throws Exception {
        int status = get(Routes.READINESS).statusCode();
        assertTrue(status == 200 || status == 503, "readiness probe route answers 200 or 503, got " + status);
    }

    @Test
    void metricsAreServedInPrometheusTextFormatWithVertxHttpMeters() throws Exception {
        assertEquals(200, get(Routes.LIVENESS).statusCode()); // at least one request to count
        HttpResponse<String> r = get(Routes.METRICS);
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/plain"),
                "Prometheus text exposition");
        Set<String> names = MetricNamesTest.seriesNames(r.body());
        Set<String> vertx = KnownMetrics.VERTX.stream().filter(n -> !n.endsWith("_max")).collect(Collectors.toSet());
        assertTrue(names.containsAll(vertx), "Vert.x HTTP meters " + vertx + " among " + names);
    }

    @Test
    void anUnknownRouteIs404SoTheChecksAboveMeanSomething() throws Exception {
        assertEquals(404, get("/health/no-such-probe").statusCode());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + service.httpPort() + path);
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
