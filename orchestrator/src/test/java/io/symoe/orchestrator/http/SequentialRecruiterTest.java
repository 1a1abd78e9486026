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
     * A batch on a sequential pipeline runs in rounds through the pool's offline plan and stops where chat stops:
     * each question gets the same experts, in the same order, and the same answer as from
     * {@code /v1/chat/completions}; at threshold 0.999 no answer is sure enough, so both call all three.
     */
    @Test
    void aBatchStopsWhereChatStops(@TempDir Path dir) throws Exception {
        Path recordings = ProvenanceTest.write(dir.resolve("recordings"));
        for (Double threshold : new Double[] {null, 0.999}) {
            SymoeService service = startReady(recordings, threshold);
            try {
                JsonArray instances = new JsonArray();
                java.util.List<String> questions = java.util.List.of(ProvenanceTest.TIED_QUESTION,
                        ProvenanceTest.OTHERS.get(0)[0], ProvenanceTest.OTHERS.getLast()[0]);
                questions.forEach(q -> instances.add(new JsonObject().put("id", "q" + instances.size()).put("text", q)));
                JsonObject state = finishedBatch(service, post(service, "/v1/symoe/batches",
                        new JsonObject().put("instances", instances)));
                assertEquals("completed", state.getString("status"), state.encode());
                JsonArray results = state.getJsonArray("results");
                assertEquals(questions.size(), results.size(), state.encode());
                for (int i = 0; i < questions.size(); i++) {
                    JsonObject chat = post(service, "/v1/chat/completions", chatAbout(questions.get(i)))
                            .bodyAsJsonObject().getJsonObject("symoe");
                    JsonObject batch = results.getJsonObject(i);
                    assertEquals(models(chat.getJsonArray("experts")), models(batch.getJsonArray("experts")),
                            "threshold " + threshold + ": batch " + batch.encode() + " vs chat " + chat.encode());
                    assertEquals(chat.getString("answer"), batch.getString("answer"), batch.encode());
                    if (i == 0) {
                        assertEquals(threshold == null ? 1 : 3, batch.getJsonArray("experts").size(), batch.encode());
                    }
                }
                assertTrue(state.getInteger("model_loads") <= 9, "three rounds, each loading a model at most once: " + state.encode());
            } finally {
                service.close();
            }
        }
    }

    /** The strongest expert cannot answer the tied question: the batch, like chat, counts it as an abstention and goes on. */
    @Test
    void aBatchGoesOnPastAFailedExpertAsChatDoes(@TempDir Path dir) throws Exception {
        Path recordings = ProvenanceTest.write(dir.resolve("recordings"));
        withoutTiedQuestion(recordings.resolve("model_outputs_algebraist_5shots.zip"), "model_outputs_algebraist_5shots.json");
        SymoeService service = startReady(recordings);
        try {
            JsonObject state = finishedBatch(service, post(service, "/v1/symoe/batches", new JsonObject().put("instances",
                    new JsonArray().add(new JsonObject().put("id", "tied").put("text", ProvenanceTest.TIED_QUESTION)))));
            JsonObject batch = state.getJsonArray("results").getJsonObject(0);
            JsonObject chat = post(service, "/v1/chat/completions", chatAboutTheTiedQuestion()).bodyAsJsonObject()
                    .getJsonObject("symoe");
            assertTrue(chat.getJsonArray("experts").size() >= 2, chat.encode());
            // A batch result lists the experts that answered; chat lists every expert called, the failed one too.
            JsonArray answered = new JsonArray();
            chat.getJsonArray("experts").stream().map(JsonObject.class::cast).filter(e -> e.containsKey("answer"))
                    .forEach(answered::add);
            assertEquals(models(answered), models(batch.getJsonArray("experts")),
                    "batch " + batch.encode() + " vs chat " + chat.encode());
            assertEquals(chat.getString("answer"), batch.getString("answer"), batch.encode());
        } finally {
            service.close();
        }
    }

    private static java.util.List<String> models(JsonArray experts) {
        java.util.List<String> m = new java.util.ArrayList<>();
        for (int i = 0; i < experts.size(); i++) {
            m.add(experts.getJsonObject(i).getString("model"));
        }
        return m;
    }

    private static JsonObject finishedBatch(SymoeService service, HttpResponse<Buffer> created) throws Exception {
        assertEquals(202, created.statusCode(), created.bodyAsString());
        String id = created.bodyAsJsonObject().getString("id");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            JsonObject state = WebClient.create(service.vertx()).get(service.httpPort(), "127.0.0.1", "/v1/symoe/batches/" + id)
                    .send().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).bodyAsJsonObject();
            String status = state.getString("status");
            if (!status.equals("running") && !status.equals("queued")) {
                return state;
            }
            assertTrue(System.nanoTime() < deadline, "batch never finished: " + state.encode());
            Thread.sleep(50);
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
        return chatAbout(ProvenanceTest.TIED_QUESTION);
    }

    private static JsonObject chatAbout(String question) {
        return new JsonObject().put("model", "symoe").put("messages", new JsonArray()
                .add(new JsonObject().put("role", "user").put("content", question)));
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
