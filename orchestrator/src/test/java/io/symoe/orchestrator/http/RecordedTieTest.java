package io.symoe.orchestrator.http;

import io.symoe.core.ByteSize;
import io.symoe.core.config.ServerConfig;
import io.symoe.core.config.SymoeConfig;
import io.symoe.orchestrator.SymoeService;
import io.symoe.testsupport.SharedData;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20 item 5 on the real recordings: the question it names, with the real outputs of three real models that
 * answered it A, B and C (Meta-Llama-3.1-70B, gemini-1.5-flash-002, Qwen1.5-7B-Chat), profiled on their real
 * outputs for the first 40 other math questions. Served over loopback, the tie must be named with its rule and
 * weights, and the answer must be the most competent expert's. Skips without {@code ../shared}.
 */
class RecordedTieTest {
    static final String QUESTION = "Find all c in Z_3 such that Z_3[x]/(x^3 + x^2 + c) is a field.";
    static final List<String> MODELS = List.of("Meta-Llama-3_1-70B", "gemini-1.5-flash-002", "Qwen1.5-7B-Chat");
    static final int NEIGHBOURS = 40;

    @TempDir
    Path dir;

    @Test
    void theIssuesThreeWayTieIsNamedWithTheWeightsThatBrokeIt() throws Exception {
        Path recordings = subset(SharedData.require("data/mmlu-pro-outputs"), dir.resolve("recordings"));
        var server = new ServerConfig("127.0.0.1", 0, new ByteSize(64 * 1024), Duration.ofSeconds(20), null);
        try (SymoeService service = SymoeService.start(new SymoeConfig(server, null, null, null, null),
                        new SymoeService.Options(recordings, false))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!service.services().ready()) {
                assertTrue(System.nanoTime() < deadline, "never ready: " + service.services().readiness());
                Thread.sleep(100);
            }
            var body = new JsonObject().put("model", "symoe").put("messages",
                    new JsonArray().add(new JsonObject().put("role", "user").put("content", QUESTION)));
            HttpResponse<Buffer> r = WebClient.create(service.vertx())
                    .post(service.httpPort(), "127.0.0.1", "/v1/chat/completions").sendJsonObject(body)
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.bodyAsString());
            JsonObject symoe = r.bodyAsJsonObject().getJsonObject("symoe");
            JsonArray experts = symoe.getJsonArray("experts");
            Map<String, Double> weightOf = new HashMap<>();
            Set<String> answers = new HashSet<>();
            String strongest = null;
            double best = -1;
            for (Object o : experts) {
                JsonObject e = (JsonObject) o;
                answers.add(e.getString("answer"));
                weightOf.put(e.getString("answer"), e.getDouble("weight"));
                if (e.getDouble("weight") > best) {
                    best = e.getDouble("weight");
                    strongest = e.getString("answer");
                }
            }
            assertEquals(Set.of("A", "B", "C"), answers, "the recorded answers: " + experts.encode());

            JsonObject aggregation = symoe.getJsonObject("aggregation");
            assertEquals(true, aggregation.getBoolean("tie"), aggregation.encode());
            assertEquals(Set.of("A", "B", "C"), new HashSet<>(aggregation.getJsonArray("tied_answers").getList()));
            assertEquals("competence", aggregation.getString("tie_break"), aggregation.encode());
            for (String a : answers) {
                assertEquals(weightOf.get(a), aggregation.getJsonObject("tie_weights").getDouble(a), 1e-4);
            }
            assertEquals(strongest, symoe.getString("answer"), "ties break by the experts' weights");
            assertEquals("math", symoe.getJsonArray("skills").getJsonObject(0).getString("name"), symoe.encode());
        }
    }

    /** The real records of the three models for the question and its first {@link #NEIGHBOURS} math peers. */
    private static Path subset(Path outputs, Path out) throws IOException {
        Files.createDirectories(out);
        Set<Object> ids = null;
        for (String model : MODELS) {
            String name = "model_outputs_" + model + "_5shots";
            JsonArray all = readZip(outputs.resolve(name + ".zip"));
            if (ids == null) {
                ids = new LinkedHashSet<>();
                for (Object o : all) {
                    JsonObject rec = (JsonObject) o;
                    boolean asked = QUESTION.equals(rec.getString("question", "").strip());
                    if (asked || ids.size() < NEIGHBOURS && "math".equals(rec.getString("category"))) {
                        ids.add(rec.getValue("question_id"));
                    }
                }
            }
            JsonArray kept = new JsonArray();
            for (Object o : all) {
                if (o instanceof JsonObject rec && ids.contains(rec.getValue("question_id"))) {
                    kept.add(rec);
                }
            }
            try (OutputStream os = Files.newOutputStream(out.resolve(name + ".zip"));
                 ZipOutputStream z = new ZipOutputStream(os)) {
                z.putNextEntry(new ZipEntry(name + ".json"));
                z.write(kept.toBuffer().getBytes());
                z.closeEntry();
            }
        }
        return out;
    }

    private static JsonArray readZip(Path zip) throws IOException {
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            ZipEntry e = z.getNextEntry();
            if (e == null) {
                throw new IOException(zip + " is empty");
            }
            return new JsonArray(Buffer.buffer(z.readAllBytes()));
        }
    }
}
