package io.symoe.orchestrator.reliability;

import io.symoe.core.ByteSize;
import io.symoe.core.config.ServerConfig;
import io.symoe.core.config.SymoeConfig;
import io.symoe.orchestrator.SymoeService;
import io.symoe.orchestrator.testing.RecordedPoolFixture;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Sends bodies from {@link RequestGrammar} to a running service over loopback and checks each answer: never a
 * 5xx, never a dropped or hung request, an OpenAI error body on every refusal, 400 {@code invalid_json} for every
 * body that is not an object, a well-formed completion (with non-zero usage) on every 200. Shared by the default
 * suite ({@link HttpFuzzTest}, a few hundred cases) and the long run ({@link #main}, ≥ 10⁵ requests).
 *
 * <p>Long run, from the repository root after {@code test-compile} (see orchestrator/README.md for CP):
 * {@code java -cp $CP io.symoe.orchestrator.reliability.GrammarFuzz 100000 18}
 */
final class GrammarFuzz {
    /** What a run saw: statuses overall and per endpoint, and every answer that broke a rule. */
    record Report(int sent, Map<Integer, Integer> statuses, Map<String, Map<Integer, Integer>> byEndpoint, int lost,
                  List<String> findings, double seconds) {
        String summary() {
            return String.format("%d requests in %.1f s (%.0f req/s): statuses %s, lost %d, findings %d; by endpoint %s",
                    sent, seconds, sent / seconds, statuses, lost, findings.size(), byEndpoint);
        }

        long fiveHundreds() {
            return statuses.entrySet().stream().filter(e -> e.getKey() >= 500).mapToLong(Map.Entry::getValue).sum();
        }
    }

    private static final List<RequestGrammar.Endpoint> ENDPOINTS = List.of(
            RequestGrammar.CHAT, RequestGrammar.CHAT, RequestGrammar.CHAT, RequestGrammar.CHAT, RequestGrammar.CHAT,
            RequestGrammar.CHAT, RequestGrammar.CHAT, RequestGrammar.CHAT, RequestGrammar.BATCHES, RequestGrammar.ADMIN);

    private GrammarFuzz() {}

    /** Sends {@code count} generated requests (seeded by {@code seed}) in chunks of {@code chunk}. */
    static Report run(LoadDriver driver, int port, int count, long seed, int chunk) throws Exception {
        RequestGrammar grammar = new RequestGrammar(0.85);
        Map<Integer, Integer> statuses = new TreeMap<>();
        Map<String, Map<Integer, Integer>> byEndpoint = new TreeMap<>();
        List<String> findings = new ArrayList<>();
        int lost = 0;
        long t0 = System.nanoTime();
        for (int from = 0; from < count; from += chunk) {
            int n = Math.min(chunk, count - from);
            RequestGrammar.Endpoint[] endpoints = new RequestGrammar.Endpoint[n];
            Object[] bodies = new Object[n];
            String[] texts = new String[n];
            for (int i = 0; i < n; i++) {
                SplittableRandom r = new SplittableRandom(seed * 1_000_003L + from + i);
                endpoints[i] = ENDPOINTS.get(r.nextInt(ENDPOINTS.size()));
                bodies[i] = grammar.body(endpoints[i], r);
                texts[i] = RequestGrammar.encode(bodies[i]);
            }
            LoadDriver.Result res = driver.burstBytes(port, i -> endpoints[i].path(), n, i -> Buffer.buffer(texts[i]), 60_000);
            lost += res.lost();
            for (int i = 0; i < n; i++) {
                int code = res.codes()[i];
                statuses.merge(code, 1, Integer::sum);
                byEndpoint.computeIfAbsent(endpoints[i].path(), k -> new TreeMap<>()).merge(code, 1, Integer::sum);
                String problem = check(code, res.bodies()[i], bodies[i]);
                if (problem != null && findings.size() < 50) {
                    findings.add("case " + (from + i) + " (seed " + seed + ") POST " + endpoints[i].path() + " "
                            + abbreviate(texts[i]) + " -> " + code + " " + abbreviate(res.bodies()[i]) + ": " + problem);
                }
            }
        }
        return new Report(count, statuses, byEndpoint, lost, findings, (System.nanoTime() - t0) / 1e9);
    }

    /** Null when the answer is right for the body, else what is wrong with it. */
    static String check(int code, String answer, Object body) {
        if (code == 0) {
            return "no answer (lost)";
        }
        if (code < 0) {
            return "transport error (connection dropped?)";
        }
        if (code >= 500) {
            return "a 5xx for a client's input";
        }
        if (!(body instanceof Map)) {
            if (code != 400) {
                return "a body that is not an object must be 400";
            }
        }
        if (code >= 400) {
            JsonObject err;
            try {
                err = new JsonObject(answer).getJsonObject("error");
            } catch (RuntimeException e) {
                return "error body is not JSON";
            }
            if (err == null || err.getString("message") == null || err.getString("message").isBlank()
                    || err.getString("code") == null) {
                return "error body lacks error.message or error.code";
            }
            if (!(body instanceof Map) && !"invalid_json".equals(err.getString("code"))) {
                return "a body that is not an object must be invalid_json";
            }
            return null;
        }
        if (answer.startsWith("data: ")) {
            return answer.endsWith("data: [DONE]\n\n") ? null : "an SSE stream that does not end with [DONE]";
        }
        JsonObject ok;
        try {
            ok = new JsonObject(answer);
        } catch (RuntimeException e) {
            return "success body is not JSON";
        }
        if (ok.containsKey("choices")) {
            Object content = ok.getJsonArray("choices").getJsonObject(0).getJsonObject("message").getValue("content");
            if (!(content instanceof String)) {
                return "a completion without message content";
            }
            if (ok.getJsonObject("usage").getInteger("total_tokens") <= 0) {
                return "a completion with zero usage";
            }
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() <= 300 ? s : s.substring(0, 300) + "…(" + s.length() + " chars)";
    }

    /** Starts the service on a fresh recording (the same fixture the default suite uses) and waits until ready. */
    static SymoeService startService(Path dir) throws Exception {
        var server = new ServerConfig("127.0.0.1", 0, new ByteSize(64 * 1024), Duration.ofSeconds(30), null);
        return LoadTest.startReady(new SymoeConfig(server, null, null, null, null), RecordedPoolFixture.write(dir));
    }

    /** Whether the service still answers liveness and a normal ensemble question. */
    static boolean live(LoadDriver driver, SymoeService service) throws Exception {
        LoadDriver.Result after = driver.burst(service.httpPort(), "/v1/chat/completions", 1,
                i -> LoadTest.chat("symoe", RecordedPoolFixture.QUESTIONS.get(0)).encode(), 30_000);
        return after.ok() == 1 && service.vertx() != null;
    }

    /** {@code GrammarFuzz [COUNT=100000] [SEED=18]}: the long run; exits 1 on any finding, 5xx, loss or death. */
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 18;
        Path dir = Files.createTempDirectory("symoe-grammar-fuzz-");
        int exit;
        try (SymoeService service = startService(dir.resolve("rec")); LoadDriver driver = new LoadDriver(64)) {
            Report report = run(driver, service.httpPort(), count, seed, 2_000);
            boolean live = live(driver, service);
            System.out.println("[fuzz] grammar: " + report.summary());
            System.out.println("[fuzz] grammar: 5xx " + report.fiveHundreds() + ", lost " + report.lost()
                    + ", server live after: " + live);
            report.findings().forEach(f -> System.out.println("[fuzz] finding: " + f));
            exit = report.findings().isEmpty() && report.lost() == 0 && report.fiveHundreds() == 0 && live ? 0 : 1;
        }
        System.exit(exit);
    }
}
