package io.symoe.orchestrator.http;

import io.symoe.orchestrator.testing.ReadyService;
import io.symoe.core.config.SymoeConfig;
import io.symoe.orchestrator.SymoeService;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20 items 5 and 6 over loopback: the real service on a replay pool recorded in the TIGER format, real
 * MiniLM embeddings, the real vote. Three experts of clearly different competence answer the question
 * A / B / C, a three-way tie the provenance must name, with the weights that broke it; the skills must read as
 * topics, the neighbour question ids under their own key.
 */
class ProvenanceTest {
    /** The recorded question of issue 20 item 5, on which three experts answered A, B and C. */
    static final String TIED_QUESTION = "Find all c in Z_3 such that Z_3[x]/(x^3 + x^2 + c) is a field.";

    /** The other recorded questions: {text, category}. Algebra ones are the tied question's natural neighbours. */
    static final List<String[]> OTHERS = List.of(
            new String[] {"Is the polynomial x^2 + 1 irreducible over the field Z_2?", "math"},
            new String[] {"Find the degree of the field extension Q(sqrt(2), sqrt(3)) over Q.", "math"},
            new String[] {"How many elements does the finite field GF(9) have?", "math"},
            new String[] {"Find the order of the element 3 in the multiplicative group of Z_7.", "math"},
            new String[] {"Which organelle produces most of the ATP in a eukaryotic cell?", "biology"},
            new String[] {"Which enzyme unwinds the DNA double helix during replication?", "biology"},
            new String[] {"Which doctrine lets a court refuse to enforce an unconscionable contract?", "law"},
            new String[] {"What must a plaintiff prove to win a claim of negligence?", "law"});
    static final List<String> MODELS = List.of("algebraist", "generalist", "novice");

    @TempDir
    static Path dir;
    private static SymoeService service;
    private static WebClient client;

    @BeforeAll
    static void start() throws Exception {
        Path recordings = write(dir.resolve("recordings"));
        service = ReadyService.start(new SymoeConfig(ReadyService.loopback(), null, null, null, null),
                new SymoeService.Options(recordings, false));
        client = WebClient.create(service.vertx());
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aThreeWayTieIsReportedWithTheWeightsThatBrokeIt() throws Exception {
        JsonObject symoe = ask(TIED_QUESTION);
        JsonArray experts = symoe.getJsonArray("experts");
        assertEquals(3, experts.size(), experts.encode());
        // Recruited strongest first: the algebraist (right on every neighbour), then the generalist, the novice.
        assertEquals(MODELS, experts.stream().map(e -> ((JsonObject) e).getString("model")).toList(), experts.encode());
        double w0 = experts.getJsonObject(0).getDouble("weight");
        double w1 = experts.getJsonObject(1).getDouble("weight");
        double w2 = experts.getJsonObject(2).getDouble("weight");
        assertTrue(w0 > w1 && w1 > w2, experts.encode());

        JsonObject aggregation = symoe.getJsonObject("aggregation");
        assertEquals("majority-vote", aggregation.getString("strategy"));
        assertEquals(new JsonObject().put("A", 1.0).put("B", 1.0).put("C", 1.0), aggregation.getJsonObject("votes"));
        assertEquals(true, aggregation.getBoolean("tie"), aggregation.encode());
        assertEquals(new JsonArray().add("A").add("B").add("C"), aggregation.getJsonArray("tied_answers"));
        // The service breaks ties by the experts' weights: A's voter outweighs B's and C's.
        assertEquals("competence", aggregation.getString("tie_break"));
        JsonObject tieWeights = aggregation.getJsonObject("tie_weights");
        assertEquals(w0, tieWeights.getDouble("A"), 1e-4);
        assertEquals(w2, tieWeights.getDouble("C"), 1e-4);
        assertEquals("A", symoe.getString("answer"));
    }

    @Test
    void aClearMajorityIsNoTie() throws Exception {
        // Biology: the algebraist and the generalist answer A, the novice B.
        JsonObject aggregation = ask(OTHERS.get(4)[0]).getJsonObject("aggregation");
        assertEquals(false, aggregation.getBoolean("tie"), aggregation.encode());
        assertFalse(aggregation.containsKey("tied_answers"));
        assertFalse(aggregation.containsKey("tie_break"));
    }

    @Test
    void skillsReadAsTopicsAndNeighbourIdsHaveTheirOwnKey() throws Exception {
        JsonObject symoe = ask(TIED_QUESTION);
        JsonArray skills = symoe.getJsonArray("skills");
        assertFalse(skills.isEmpty(), symoe.encode());
        JsonObject top = skills.getJsonObject(0);
        assertEquals("math", top.getString("name"), skills.encode());
        assertEquals(4, top.getInteger("neighbours"), "the four algebra questions: " + skills.encode());
        double shares = 0;
        for (Object s : skills) {
            JsonObject skill = (JsonObject) s;
            assertFalse(skill.getString("name").startsWith("q:"), "a topic, not a question id: " + skill);
            shares += skill.getDouble("share");
        }
        assertTrue(top.getDouble("share") > 0.5 && shares <= 1.0 + 1e-3, skills.encode());
        assertFalse(symoe.containsKey("skills_total"));

        JsonArray neighbours = symoe.getJsonArray("neighbours");
        assertEquals(OTHERS.size(), symoe.getInteger("neighbours_total"), "every other recorded question");
        List<String> ids = new ArrayList<>();
        neighbours.forEach(n -> ids.add(((JsonObject) n).getString("id")));
        assertTrue(ids.stream().allMatch(id -> id.matches("q:2\\d\\d")), ids.toString());
        // Replay routes a recorded question without its own recorded outcome (leave-one-out).
        assertFalse(ids.contains("q:200"), ids.toString());
        // Nothing was rerouted, so there is no empty object to puzzle over.
        assertFalse(symoe.containsKey("rerouted"), symoe.encode());
    }

    private static JsonObject ask(String question) throws Exception {
        var body = new JsonObject().put("model", "symoe")
                .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", question)));
        HttpResponse<Buffer> r = client.post(service.httpPort(), "127.0.0.1", "/v1/chat/completions")
                .putHeader("content-type", "application/json").sendBuffer(Buffer.buffer(body.encode()))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode(), r.bodyAsString());
        return r.bodyAsJsonObject().getJsonObject("symoe");
    }

    private static HttpResponse<Buffer> get(String path) throws Exception {
        return client.get(service.httpPort(), "127.0.0.1", path).send()
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /**
     * One zip per model in the TIGER MMLU-Pro format. Gold is A everywhere; the algebraist is right on every
     * other question, the generalist on the algebra and biology ones, the novice on one; on the tied question
     * they answer A, B and C.
     */
    static Path write(Path out) throws IOException {
        Files.createDirectories(out);
        for (String model : MODELS) {
            JsonArray records = new JsonArray();
            records.add(record(200, TIED_QUESTION, "math", switch (model) {
                case "algebraist" -> "A";
                case "generalist" -> "B";
                default -> "C";
            }, model));
            for (int q = 0; q < OTHERS.size(); q++) {
                boolean right = switch (model) {
                    case "algebraist" -> true;
                    case "generalist" -> q < 6;
                    default -> q == 0;
                };
                records.add(record(201 + q, OTHERS.get(q)[0], OTHERS.get(q)[1], right ? "A" : "B", model));
            }
            try (OutputStream o = Files.newOutputStream(out.resolve("model_outputs_" + model + "_5shots.zip"));
                 ZipOutputStream z = new ZipOutputStream(o)) {
                z.putNextEntry(new ZipEntry("model_outputs_" + model + "_5shots.json"));
                z.write(records.encode().getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return out;
    }

    private static JsonObject record(int id, String question, String category, String answer, String model) {
        return new JsonObject()
                .put("question_id", id)
                .put("question", question)
                .put("options", new JsonArray(List.of("0", "1", "2", "0 and 2")))
                .put("answer", "A")
                .put("answer_index", 0)
                .put("category", category)
                .put("src", "issue-20")
                .put("pred", answer)
                .put("generated_text", model + " works through it step by step. The answer is (" + answer + ").");
    }
}
