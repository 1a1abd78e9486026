package io.symoe.orchestrator.http;

import io.symoe.orchestrator.testing.ReadyService;
import io.symoe.core.config.RecruiterKind;
import io.symoe.core.config.RouterConfig;
import io.symoe.core.config.SymoeConfig;
import io.symoe.orchestrator.SymoeService;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code recruiter: sequential} served over HTTP on {@link ProvenanceTest}'s replay pool: on the tied question the
 * competence-weighted recruiter calls all three experts (and needs a tie-break), while the sequential one calls
 * the algebraist first, whose neighbourhood record makes its answer alone clear the threshold, and stops there.
 */
class SequentialRecruiterTest {

    @Test
    void selectableInYaml() {
        var c = new io.symoe.orchestrator.config.ConfigLoader().parse("router:\n  recruiter: sequential\n  k: 5\n", "t.yaml");
        assertEquals(RecruiterKind.SEQUENTIAL, c.router().recruiter());
        assertEquals(5, c.router().k(), "k is the most experts a question may call");
    }

    @Test
    void thresholdAndTargetCallsAreYamlKeys() {
        var c = new io.symoe.orchestrator.config.ConfigLoader().parse(
                "router:\n  recruiter: sequential\n  threshold: 0.45\n  target-calls: 1.5\n", "t.yaml");
        assertEquals(0.45, c.router().threshold());
        assertEquals(1.5, c.router().targetCalls());
        var e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () ->
                new io.symoe.orchestrator.config.ConfigLoader().parse("router:\n  target-calls: 9\n", "t.yaml"));
        assertTrue(String.valueOf(e.getMessage()).contains("target-calls"), e.getMessage());
    }

    /**
     * Without {@code router.threshold} the service learns the rule on the recordings and serves it: readiness names
     * it, and the experts a chat answer called are exactly the prefix that rule stops at, replayed on the weights and
     * answers the answer reports.
     */
    @Test
    void theLearnedThresholdIsServedAndNamedInReadiness(@TempDir Path dir) throws Exception {
        Path recordings = ProvenanceTest.write(dir.resolve("recordings"));
        SymoeService service = startReady(recordings, null);
        try {
            String detail = readiness(service);
            var m = java.util.regex.Pattern.compile("sequential stop (threshold|expected-gain value) ([0-9.]+)(?: calls)?,"
                    + " scale ([0-9.]+), at most 3 experts \\(learned: learned on \\d+ recorded questions").matcher(detail);
            assertTrue(m.find(), detail);
            var kind = m.group(1).equals("threshold") ? io.symoe.skillrouter.recruit.StopPolicy.Kind.THRESHOLD
                    : io.symoe.skillrouter.recruit.StopPolicy.Kind.EXPECTED_GAIN;
            var rule = new io.symoe.skillrouter.recruit.StopPolicy(kind, Double.parseDouble(m.group(2)),
                    Double.parseDouble(m.group(3)), io.symoe.skillrouter.recruit.StopPolicy.Source.LEARNED, "").stop(3);
            HttpResponse<Buffer> r = post(service, "/v1/chat/completions", chatAboutTheTiedQuestion());
            assertEquals(200, r.statusCode(), r.bodyAsString());
            JsonObject symoe = r.bodyAsJsonObject().getJsonObject("symoe");
            JsonArray experts = symoe.getJsonArray("experts");
            java.util.List<io.symoe.skillrouter.recruit.SequentialStop.Vote> votes = new java.util.ArrayList<>();
            for (int i = 0; i < experts.size(); i++) {
                JsonObject e = experts.getJsonObject(i);
                votes.add(new io.symoe.skillrouter.recruit.SequentialStop.Vote(e.getDouble("weight"),
                        java.util.Optional.ofNullable(e.getString("answer"))));
                // The threshold rule needs only the called experts to replay (its stop() counts the budget too):
                // it must stop exactly where the service stopped.
                if (rule instanceof io.symoe.skillrouter.recruit.SequentialStop t) {
                    assertEquals(i == experts.size() - 1, t.stop(votes, 10), "the served rule stops after expert "
                            + (i + 1) + " of " + experts.encode() + " exactly when the learned one does (" + detail + ")");
                }
            }
            assertEquals(rule.leader(votes, 10).answer().orElse(null), symoe.getString("answer"),
                    "the answer is the leader of the votes the rule stopped at");
        } finally {
            service.close();
        }
    }

    /** An explicit threshold wins over the learned one, and readiness says so. */
    @Test
    void anExplicitThresholdOverridesTheLearnedOne(@TempDir Path dir) throws Exception {
        Path recordings = ProvenanceTest.write(dir.resolve("recordings"));
        SymoeService service = startReady(recordings, 0.999);
        try {
            String detail = readiness(service);
            assertTrue(detail.contains("sequential stop threshold 0.999, scale 1.0, at most 3 experts (config:"),
                    detail);
            HttpResponse<Buffer> r = post(service, "/v1/chat/completions", chatAboutTheTiedQuestion());
            assertEquals(200, r.statusCode(), r.bodyAsString());
            assertEquals(3, r.bodyAsJsonObject().getJsonObject("symoe").getJsonArray("experts").size(),
                    "at 0.999 no answer here is sure enough to stop before the budget");
        } finally {
            service.close();
        }
    }

    private static String readiness(SymoeService service) throws Exception {
        return WebClient.create(service.vertx()).get(service.httpPort(), "127.0.0.1", "/health/ready").send()
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).bodyAsJsonObject()
                .getString("detail");
    }

    @Test
    void aConfidentFirstExpertEndsRecruiting(@TempDir Path dir) throws Exception {
        Path recordings = ProvenanceTest.write(dir.resolve("recordings"));
        SymoeService service = startReady(recordings);
        try {
            HttpResponse<Buffer> r = post(service, "/v1/chat/completions", chatAboutTheTiedQuestion());
            assertEquals(200, r.statusCode(), r.bodyAsString());
            JsonObject symoe = r.bodyAsJsonObject().getJsonObject("symoe");
            JsonArray experts = symoe.getJsonArray("experts");
            assertEquals(1, experts.size(), "one call was enough: " + experts.encode());
            assertEquals("algebraist", experts.getJsonObject(0).getString("model"));
            assertEquals("A", symoe.getString("answer"));
            assertEquals(false, symoe.getJsonObject("aggregation").getBoolean("tie"), symoe.encode());
        } finally {
            service.close();
        }
    }

    /**
     * The batch path has no stop rule, so on a sequential pipeline it would call all k experts where chat calls
     * one; the same question must not get different experts, so the batch is refused with a 400 saying why,
     * while chat still answers it.
     */
    @Test
    void aBatchOnASequentialPipelineIsRefusedWithTheReason(@TempDir Path dir) throws Exception {
        Path recordings = ProvenanceTest.write(dir.resolve("recordings"));
        SymoeService service = startReady(recordings);
        try {
            var batch = new JsonObject().put("instances", new JsonArray()
                    .add(new JsonObject().put("id", "tied").put("text", ProvenanceTest.TIED_QUESTION)));
            HttpResponse<Buffer> b = post(service, "/v1/symoe/batches", batch);
            assertEquals(400, b.statusCode(), b.bodyAsString());
            String message = b.bodyAsJsonObject().getJsonObject("error").getString("message");
            assertTrue(message.contains("sequential") && message.contains("/v1/chat/completions"), message);
            HttpResponse<Buffer> c = post(service, "/v1/chat/completions", chatAboutTheTiedQuestion());
            assertEquals(200, c.statusCode(), c.bodyAsString());
        } finally {
            service.close();
        }
    }

    /**
     * The strongest expert has no recording of the question, so it fails for good (k = 3 of 3 models: no spare);
     * the others answer. The failed expert must show no answer, and each later answer, latency and token count
     * must stay under the model that gave it (they were paired by position, one row off, before).
     */
    @Test
    void aFailedExpertDoesNotShiftTheOthersAnswers(@TempDir Path dir) throws Exception {
        Path recordings = ProvenanceTest.write(dir.resolve("recordings"));
        withoutTiedQuestion(recordings.resolve("model_outputs_algebraist_5shots.zip"), "model_outputs_algebraist_5shots.json");
        SymoeService service = startReady(recordings);
        try {
            HttpResponse<Buffer> r = post(service, "/v1/chat/completions", chatAboutTheTiedQuestion());
            assertEquals(200, r.statusCode(), r.bodyAsString());
            JsonObject symoe = r.bodyAsJsonObject().getJsonObject("symoe");
            JsonArray experts = symoe.getJsonArray("experts");
            assertTrue(experts.size() >= 2, "the failed expert abstained, so another was called: " + experts.encode());
            JsonObject first = experts.getJsonObject(0);
            assertEquals("algebraist", first.getString("model"), experts.encode());
            assertTrue(!first.containsKey("answer") && !first.containsKey("answered_by"),
                    "the failed expert gave no answer: " + experts.encode());
            java.util.Map<String, String> recorded = java.util.Map.of("generalist", "B", "novice", "C");
            for (int i = 1; i < experts.size(); i++) {
                JsonObject e = experts.getJsonObject(i);
                assertEquals(e.getString("model"), e.getString("answered_by"), experts.encode());
                assertEquals(recorded.get(e.getString("model")), e.getString("answer"), experts.encode());
            }
        } finally {
            service.close();
        }
    }

    /** A sequential (k = 3) service over {@code recordings}, started and ready to route. */
    private static SymoeService startReady(Path recordings) throws Exception {
        return startReady(recordings, null);
    }

    /** @param threshold an explicit {@code router.threshold}, or null to serve the learned one */
    private static SymoeService startReady(Path recordings, Double threshold) throws Exception {
        var router = new RouterConfig(null, RecruiterKind.SEQUENTIAL, 3, null, null, null, threshold, null);
        return ReadyService.start(new SymoeConfig(ReadyService.loopback(), null, router, null, null, null),
                new SymoeService.Options(recordings, false));
    }

    private static JsonObject chatAboutTheTiedQuestion() {
        return new JsonObject().put("model", "symoe").put("messages", new JsonArray()
                .add(new JsonObject().put("role", "user").put("content", ProvenanceTest.TIED_QUESTION)));
    }

    private static HttpResponse<Buffer> post(SymoeService service, String path, JsonObject body) throws Exception {
        return WebClient.create(service.vertx()).post(service.httpPort(), "127.0.0.1", path)
                .putHeader("content-type", "application/json").sendBuffer(Buffer.buffer(body.encode()))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Rewrites one model's TIGER zip without its record of the tied question. */
    private static void withoutTiedQuestion(Path zip, String entry) throws java.io.IOException {
        JsonArray records;
        try (var in = new java.util.zip.ZipInputStream(java.nio.file.Files.newInputStream(zip))) {
            in.getNextEntry();
            records = new JsonArray(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        JsonArray kept = new JsonArray();
        for (int i = 0; i < records.size(); i++) {
            if (!ProvenanceTest.TIED_QUESTION.equals(records.getJsonObject(i).getString("question"))) {
                kept.add(records.getJsonObject(i));
            }
        }
        assertEquals(records.size() - 1, kept.size());
        try (var out = new java.util.zip.ZipOutputStream(java.nio.file.Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry(entry));
            out.write(kept.encode().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }
}
