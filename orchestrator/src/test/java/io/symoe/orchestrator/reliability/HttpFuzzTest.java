package io.symoe.orchestrator.reliability;

import io.symoe.core.ByteSize;
import io.symoe.core.config.ServerConfig;
import io.symoe.core.config.SymoeConfig;
import io.symoe.orchestrator.SymoeService;
import io.symoe.orchestrator.testing.RecordedPoolFixture;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9, bad input over the real HTTP API: random bytes, truncated and bit-flipped JSON, invalid UTF-8, wrong
 * types in every field, deep nesting, bodies over the limit, unknown models. Every request must end with a clear
 * 4xx (or 200 when the mutation left it valid) and an OpenAI-style error body — never a 5xx, a dropped connection
 * or a hang — and the service must still answer a normal request afterwards. Seeded, so failures reproduce.
 */
class HttpFuzzTest {
    private static final long MAX_BODY = 64 * 1024;
    private static final long SEED = 9_0009L;
    @TempDir
    static Path dir;
    private static SymoeService service;
    private static LoadDriver driver;

    @BeforeAll
    static void start() throws Exception {
        var server = new ServerConfig("127.0.0.1", 0, new ByteSize(MAX_BODY), Duration.ofSeconds(30), null);
        service = LoadTest.startReady(new SymoeConfig(server, null, null, null, null),
                RecordedPoolFixture.write(dir.resolve("rec")));
        driver = new LoadDriver(64);
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.close();
        }
        if (service != null) {
            service.close();
        }
    }

    private static final Object[] ODD_VALUES = {null, true, 0, -1, 1.5, 1e308, Long.MAX_VALUE, "", "x", "symoe",
            "expert-strong", "\u0000", "💥", new JsonArray(), new JsonArray().add(1), new JsonObject(),
            new JsonObject().put("role", "user"), new JsonObject().put("content", 5)};
    private static final String[] FIELDS = {"model", "messages", "stream", "max_tokens", "max_completion_tokens",
            "temperature", "top_p", "n", "stop", "seed", "symoe", "response_format"};

    private static JsonObject valid(SplittableRandom r) {
        String model = r.nextInt(4) == 0 ? RecordedPoolFixture.MODELS.get(r.nextInt(3)) : "symoe";
        return LoadTest.chat(model, RecordedPoolFixture.QUESTIONS.get(r.nextInt(RecordedPoolFixture.QUESTIONS.size())));
    }

    /** Input {@code i}: one of several kinds of bad (or occasionally still valid) request bodies. */
    static Buffer input(int i) {
        SplittableRandom r = new SplittableRandom(SEED * 31 + i);
        byte[] validBytes = valid(r).encode().getBytes(StandardCharsets.UTF_8);
        return switch (i % 9) {
            case 0 -> { // random bytes
                byte[] b = new byte[r.nextInt(2048)];
                for (int k = 0; k < b.length; k++) {
                    b[k] = (byte) r.nextInt(256);
                }
                yield Buffer.buffer(b);
            }
            case 1 -> Buffer.buffer(validBytes).slice(0, r.nextInt(validBytes.length)); // truncated JSON
            case 2 -> { // bit flips, which also make invalid UTF-8
                byte[] b = validBytes.clone();
                for (int k = 0; k < 1 + r.nextInt(4); k++) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
                yield Buffer.buffer(b);
            }
            case 3 -> { // invalid UTF-8 inside a string value
                String s = valid(r).encode();
                int at = s.indexOf("content\":\"") + 10;
                Buffer b = Buffer.buffer(s.substring(0, at));
                b.appendBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xED, (byte) 0xA0, (byte) 0x80});
                yield b.appendString(s.substring(at));
            }
            case 4 -> { // a wrong type in some field
                JsonObject o = valid(r);
                for (int k = 0; k < 1 + r.nextInt(3); k++) {
                    o.put(FIELDS[r.nextInt(FIELDS.length)], ODD_VALUES[r.nextInt(ODD_VALUES.length)]);
                }
                yield o.toBuffer();
            }
            case 5 -> { // wrong types inside messages
                JsonObject o = valid(r);
                JsonArray msgs = new JsonArray();
                for (int k = 0; k < 1 + r.nextInt(3); k++) {
                    msgs.add(r.nextBoolean() ? ODD_VALUES[r.nextInt(ODD_VALUES.length)]
                            : new JsonObject().put("role", ODD_VALUES[r.nextInt(ODD_VALUES.length)])
                            .put("content", ODD_VALUES[r.nextInt(ODD_VALUES.length)]));
                }
                yield o.put("messages", msgs).toBuffer();
            }
            case 6 -> { // deep nesting, within and beyond the body limit
                int depth = r.nextInt(2) == 0 ? 2_000 + r.nextInt(20_000) : 40_000 + r.nextInt(60_000);
                String open = r.nextBoolean() ? "[" : "{\"a\":";
                String close = open.equals("[") ? "]" : "}";
                yield Buffer.buffer("{\"model\":\"symoe\",\"messages\":" + open.repeat(depth) + close.repeat(depth) + "}");
            }
            case 7 -> { // over the body limit
                String big = "x".repeat((int) MAX_BODY + 1 + r.nextInt(200_000));
                yield LoadTest.chat("symoe", big).toBuffer();
            }
            default -> LoadTest.chat("no-such-model-" + r.nextInt(1000), "hello").toBuffer(); // unknown model
        };
    }

    @Test
    void badRequestsGetClearClientErrorsNeverA5xx() throws Exception {
        int count = 2_700;
        IntFunction<String> path = i -> i % 13 == 0 ? "/v1/symoe/batches" : "/v1/chat/completions";
        LoadDriver.Result r = driver.burstBytes(service.httpPort(), path, count, HttpFuzzTest::input, 30_000);
        TreeMap<String, Integer> byKind = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            byKind.merge("kind" + (i % 9) + ":" + r.codes()[i], 1, Integer::sum);
        }
        System.out.println("[fuzz] http: " + r.summary() + " by kind:status " + byKind);
        assertEquals(0, r.lost(), "no request hangs");
        for (int i = 0; i < count; i++) {
            int code = r.codes()[i];
            String where = "input " + i + " (kind " + (i % 9) + ", seed " + SEED + "): " + code + " " + r.bodies()[i];
            assertTrue(code == 200 || code >= 400 && code < 500, where);
            if (code != 200) {
                JsonObject err = new JsonObject(r.bodies()[i]).getJsonObject("error");
                assertTrue(err != null && err.getString("message") != null && !err.getString("message").isBlank(), where);
            }
            switch (i % 9) {
                case 3, 6 -> assertTrue(code == 400 || code == 413, where);
                case 7 -> assertEquals(413, code, where);
                case 8 -> assertTrue(code == 404 || i % 13 == 0, where);
                default -> { }
            }
        }
        // Still healthy: a normal request is answered.
        LoadDriver.Result after = driver.burst(service.httpPort(), "/v1/chat/completions", 1,
                i -> LoadTest.chat("symoe", RecordedPoolFixture.QUESTIONS.get(0)).encode(), 30_000);
        assertEquals(1, after.ok(), after.summary());
    }

    /**
     * Issue 18: structurally valid JSON of every type at every position of the request schemas (chat, batches,
     * admin), a few hundred seeded cases. The same generator's long run is {@link GrammarFuzz#main}.
     */
    @Test
    void grammarGeneratedBodiesGetClearAnswersNeverA5xx() throws Exception {
        GrammarFuzz.Report report = GrammarFuzz.run(driver, service.httpPort(), 600, SEED, 600);
        System.out.println("[fuzz] grammar: " + report.summary());
        assertEquals(java.util.List.of(), report.findings(), report.summary());
        assertEquals(0, report.lost(), report.summary());
        assertTrue(report.statuses().getOrDefault(200, 0) > 0, "some generated requests are valid: " + report.summary());
        assertTrue(report.statuses().getOrDefault(400, 0) > 0, report.summary());
        assertTrue(GrammarFuzz.live(driver, service), "the service still answers");
    }

    /**
     * Issue 18: {@code symoe.solve} replies to every body the grammar makes — an answer, or a failure whose code is
     * a client status — and never leaves a requester waiting for a reply that an escaped exception swallowed.
     */
    @Test
    void theEventBusRepliesToEveryGrammarBody() throws Exception {
        RequestGrammar grammar = new RequestGrammar(0.85);
        TreeMap<Integer, Integer> codes = new TreeMap<>();
        for (int i = 0; i < 300; i++) {
            SplittableRandom r = new SplittableRandom(SEED * 7 + i);
            Object body = io.vertx.core.json.Json.decodeValue(RequestGrammar.encode(grammar.body(RequestGrammar.EVENT_BUS, r)));
            var reply = service.vertx().eventBus().request(io.symoe.orchestrator.eventbus.EventBusApi.SOLVE, body)
                    .toCompletionStage().toCompletableFuture();
            int code;
            try {
                reply.get(15, java.util.concurrent.TimeUnit.SECONDS);
                code = 200;
            } catch (java.util.concurrent.ExecutionException e) {
                io.vertx.core.eventbus.ReplyException failure = (io.vertx.core.eventbus.ReplyException) e.getCause();
                assertTrue(failure.failureType() == io.vertx.core.eventbus.ReplyFailure.RECIPIENT_FAILURE,
                        "a failure reply, not a time-out or no handler: " + failure + " for " + body);
                code = failure.failureCode();
                assertTrue(failure.getMessage() != null && !failure.getMessage().isBlank(), String.valueOf(body));
            }
            assertTrue(code == 200 || code >= 400 && code < 500, code + " for " + body);
            codes.merge(code, 1, Integer::sum);
        }
        System.out.println("[fuzz] event bus: 300 grammar bodies, replies by code " + codes);
        assertTrue(codes.getOrDefault(200, 0) > 0 && codes.getOrDefault(400, 0) > 0, codes.toString());
    }
}
