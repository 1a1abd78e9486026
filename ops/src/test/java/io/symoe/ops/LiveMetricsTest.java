package io.symoe.ops;

import io.symoe.core.config.ServerConfig;
import io.symoe.core.config.SymoeConfig;
import io.symoe.orchestrator.SymoeService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The series the dashboard and the alerts read, scraped from the real service after real work: it starts on a
 * replay pool ({@link TigerRecordingFixture}), becomes ready, answers an ensemble request, loads and unloads a
 * model; then {@code /metrics} must carry every pipeline, pool and Vert.x name of {@link KnownMetrics}.
 */
class LiveMetricsTest {
    @TempDir
    static Path dir;
    private static SymoeService service;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        Path recordings = TigerRecordingFixture.write(dir.resolve("recordings"));
        SymoeConfig cfg = new SymoeConfig(ServerConfig.defaults().withPort(0), null, null, null, null);
        service = SymoeService.start(cfg, new SymoeService.Options(recordings, false))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (send("GET", Routes.READINESS, null).statusCode() != 200) {
            assertTrue(System.nanoTime() < deadline, "the service never became ready");
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void everyKnownSymoeAndVertxSeriesIsScrapedAfterRealWork() throws Exception {
        String chat = "{\"model\":\"symoe\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + TigerRecordingFixture.QUESTIONS.get(1) + "\"}]}";
        assertEquals(200, send("POST", "/v1/chat/completions", chat).statusCode());
        String model = TigerRecordingFixture.MODELS.getFirst();
        assertEquals(200, send("POST", "/admin/models/" + model + "/load", "").statusCode());
        assertEquals(200, send("POST", "/admin/models/" + model + "/unload", "").statusCode());

        HttpResponse<String> scrape = send("GET", Routes.METRICS, null);
        assertEquals(200, scrape.statusCode());
        Set<String> names = MetricNamesTest.seriesNames(scrape.body());
        Set<String> expected = new TreeSet<>();
        expected.addAll(KnownMetrics.POOL);
        expected.addAll(KnownMetrics.VERTX);
        expected.add("symoe_requests_total");
        expected.add("symoe_stage_seconds_bucket");
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(names);
        assertTrue(missing.isEmpty(), "not scraped: " + missing);
        Set<String> stages = new TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("symoe_stage_seconds_count\\{stage=\"(\\w+)\"")
                .matcher(scrape.body());
        while (m.find()) {
            stages.add(m.group(1));
        }
        assertEquals(new TreeSet<>(KnownMetrics.STAGES), stages, "the stages the dashboard and runbook describe");
        assertTrue(scrape.body().contains("symoe_model_load_seconds_bucket{model=\"" + model + "\""),
                "swap time per model");
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path))
                .timeout(Duration.ofSeconds(30));
        b = body == null ? b.GET() : b.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
