package io.symoe.orchestrator.replay;

import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.modelpool.recorded.MmluProOutputsReader;
import io.symoe.orchestrator.SymoeService;
import io.symoe.testsupport.SharedData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13 part 2 and issue 20 item 4 on the real recordings, through real HTTP on loopback: the Symbolic-MoE
 * paper's questions, pasted as they are in its files ({@code "<stem> The options are: (A) …"}), get the answer the
 * recordings imply; an unrecorded question gets a 404 that says what was looked for and what to do; a stem several
 * recorded questions share gets a 409 naming them. All 2 450 records take about 10 s.
 */
class ReplayQuestionsHttpTest {
    private static SymoeService service;
    private static PaperQuestionsOverHttp checker;
    private static List<PaperQuestionsOverHttp.Paper> test;
    private static List<PaperQuestionsOverHttp.Paper> train;
    private static final List<String> startLog = new ArrayList<>();
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        Path outputs = SharedData.require("data/mmlu-pro-outputs");
        Path split = SharedData.require("data/symbolic-moe");
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                synchronized (startLog) {
                    startLog.add(r.getLevel() + " " + r.getMessage());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            service = RealReplayService.start(outputs);
        } finally {
            root.removeHandler(capture);
        }
        checker = new PaperQuestionsOverHttp(MmluProOutputsReader.read(outputs));
        test = PaperQuestionsOverHttp.read(split.resolve("MMLU_Pro_test.json"));
        train = PaperQuestionsOverHttp.read(split.resolve("MMLU_Pro_train.json"));
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        if (http != null) {
            http.close();
        }
        if (service != null) {
            service.close();
        }
    }

    private static HttpResponse<String> chat(JsonObject body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + "/v1/chat/completions"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject ask(String model, JsonObject... messages) {
        JsonArray m = new JsonArray();
        for (JsonObject o : messages) {
            m.add(o);
        }
        return new JsonObject().put("model", model).put("messages", m);
    }

    private static JsonObject user(String text) {
        return new JsonObject().put("role", "user").put("content", text);
    }

    @Test
    void atLeast99PercentOfThePapersTestRecordsAreAnsweredAsTheRecordingsImply() throws Exception {
        PaperQuestionsOverHttp.Tally t = checker.run(service.httpPort(), test, 4);
        System.out.println("MMLU_Pro_test.json over HTTP: " + t);
        assertTrue(t.consistent() >= Math.ceil(0.99 * test.size()), t.toString());
        assertEquals(t.ok(), t.consistent(), "every 200 is what the recordings imply: " + t);
    }

    @Test
    void atLeast99PercentOfThePapersTrainRecordsAreAnsweredAsTheRecordingsImply() throws Exception {
        PaperQuestionsOverHttp.Tally t = checker.run(service.httpPort(), train, 4);
        System.out.println("MMLU_Pro_train.json over HTTP: " + t);
        assertTrue(t.consistent() >= Math.ceil(0.99 * train.size()), t.toString());
        assertEquals(t.ok(), t.consistent(), "every 200 is what the recordings imply: " + t);
    }

    /**
     * Issue 19: a chat request and a batch run the same pipeline with a different dispatcher (online grouped vs
     * offline plan), so every recorded question of the paper's train split gets the same experts, the same expert
     * answers and the same final answer either way.
     */
    @Test
    void aBatchGivesEveryQuestionTheExpertsAndAnswerItsChatRequestGets() throws Exception {
        JsonArray instances = new JsonArray();
        List<JsonObject> online = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            HttpResponse<String> r = chat(ask("symoe", user(train.get(i).question())));
            assertEquals(200, r.statusCode(), r.body());
            online.add(new JsonObject(r.body()).getJsonObject("symoe"));
            instances.add(new JsonObject().put("id", "t" + i).put("text", train.get(i).question()));
        }
        JsonArray results = batch(instances);
        assertEquals(train.size(), results.size());
        for (int i = 0; i < train.size(); i++) {
            JsonObject chat = online.get(i);
            JsonObject offline = results.getJsonObject(i);
            assertEquals("t" + i, offline.getString("id"));
            String what = train.get(i).question() + "\nchat: " + chat.encode() + "\nbatch: " + offline.encode();
            assertEquals(chat.getString("answer"), offline.getString("answer"), what);
            List<String> chatExperts = new ArrayList<>();
            chat.getJsonArray("experts").forEach(e -> chatExperts.add(((JsonObject) e).getString("answered_by")
                    + "=" + ((JsonObject) e).getString("answer")));
            List<String> batchExperts = new ArrayList<>();
            offline.getJsonArray("experts").forEach(e -> batchExperts.add(((JsonObject) e).getString("model")
                    + "=" + ((JsonObject) e).getString("answer")));
            assertEquals(chatExperts.stream().sorted().toList(), batchExperts.stream().sorted().toList(), what);
        }
    }

    /** Posts a batch and polls it until it is done; its results in input order. */
    private static JsonArray batch(JsonArray instances) throws Exception {
        String base = "http://127.0.0.1:" + service.httpPort() + "/v1/symoe/batches";
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("instances", instances).encode())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, created.statusCode(), created.body());
        String id = new JsonObject(created.body()).getString("id");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
        JsonObject state;
        do {
            Thread.sleep(100);
            state = new JsonObject(http.send(HttpRequest.newBuilder(URI.create(base + "/" + id)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertTrue(System.nanoTime() < deadline, "batch never finished: " + state.getString("status"));
        } while (state.getString("status").equals("running") || state.getString("status").equals("queued"));
        assertEquals("completed", state.getString("status"), state.encode());
        return state.getJsonArray("results");
    }

    @Test
    void stemsAloneOptionLinesAndASystemPromptFirstAreAnsweredToo() throws Exception {
        // A question whose stem no other recorded question shares, so the stem alone names it.
        PaperQuestionsOverHttp.Paper p = train.stream()
                .filter(x -> checker.expected(x.question()).size() == 1 && checker.expected(
                        PaperQuestionsOverHttp.stem(x.question())).size() == 1).findFirst().orElseThrow();
        String stem = PaperQuestionsOverHttp.stem(p.question());
        String lines = stem + "\n" + p.question().substring(stem.length() + " The options are: ".length())
                .replaceAll(" \\(([A-J])\\) ", "\n$1. ").replaceFirst("^\\(A\\) ", "A. ");
        for (JsonObject body : List.of(ask("symoe", user(stem)), ask("symoe", user(lines)),
                ask("symoe", new JsonObject().put("role", "system").put("content", "You are a careful expert."), user(p.question())))) {
            HttpResponse<String> r = chat(body);
            assertEquals(200, r.statusCode(), body.encode() + " → " + r.body());
            JsonObject symoe = new JsonObject(r.body()).getJsonObject("symoe");
            assertFalse(symoe.getJsonArray("experts").isEmpty());
        }
    }

    @Test
    void anUnrecordedQuestionGets404SayingWhatWasLookedForAndWhatToDo() throws Exception {
        PaperQuestionsOverHttp.Paper unrecorded = test.stream().filter(x -> checker.expected(x.question()).isEmpty())
                .findFirst().orElseThrow();
        HttpResponse<String> r = chat(ask("symoe", user(unrecorded.question())));
        assertEquals(404, r.statusCode(), r.body());
        JsonObject error = new JsonObject(r.body()).getJsonObject("error");
        assertEquals("not_recorded", error.getString("code"));
        String message = error.getString("message");
        String firstWords = String.join(" ", List.of(unrecorded.question().split("\\s+")).subList(0, 8));
        assertTrue(message.contains(firstWords), message);
        assertTrue(message.contains("serves only the questions it recorded"), message);
        assertTrue(message.contains("start without --replay, with a config whose pool lists backends and models"), message);
        String requestId = r.headers().firstValue("x-request-id").orElseThrow();
        assertFalse(message.contains(requestId), "the message names the question, not the request: " + message);
    }

    @Test
    void aStemSeveralRecordedQuestionsShareGets409NamingThem() throws Exception {
        // Recorded questions sharing a stem but not their options, among the paper's own questions.
        Map<String, List<RecordedQuestion>> shared = test.stream()
                .map(x -> checker.expected(PaperQuestionsOverHttp.stem(x.question())))
                .filter(c -> c.size() >= 2 && c.size() <= 5 && c.stream().map(RecordedQuestion::options).distinct().count() == c.size())
                .collect(Collectors.toMap(c -> c.getFirst().id(), c -> c, (a, b) -> a));
        assertFalse(shared.isEmpty(), "the recordings have shared stems");
        List<RecordedQuestion> candidates = shared.values().iterator().next();
        HttpResponse<String> r = chat(ask("symoe", user(candidates.getFirst().text())));
        assertEquals(409, r.statusCode(), r.body());
        JsonObject error = new JsonObject(r.body()).getJsonObject("error");
        assertEquals("ambiguous_question", error.getString("code"));
        for (RecordedQuestion q : candidates) {
            assertTrue(error.getString("message").contains("question " + q.id() + " with options"), error.getString("message"));
        }
        assertTrue(error.getString("message").contains("Send the question with its options"));
        // A pool model asked directly resolves the same way.
        HttpResponse<String> direct = chat(ask(service.services().pool().models().iterator().next(),
                user(candidates.getFirst().text())));
        assertEquals(409, direct.statusCode(), direct.body());
    }

    @Test
    void theRecordingsAreReadOnceAtStartUp() {
        List<String> skipped;
        synchronized (startLog) {
            skipped = startLog.stream().filter(l -> l.contains("skipped 43 malformed entries")).toList();
        }
        assertEquals(1, skipped.size(), "DeepSeek-Coder-V2's 43 junk entries are reported once: " + skipped);
    }
}
