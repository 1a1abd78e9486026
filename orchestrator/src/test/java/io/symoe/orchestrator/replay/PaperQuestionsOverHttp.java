package io.symoe.orchestrator.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.symoe.aggregator.extract.AnswerExtractors;
import io.symoe.aggregator.extract.ExtractionMode;
import io.symoe.core.Task;
import io.symoe.core.recorded.RecordedDataset;
import io.symoe.core.recorded.RecordedOutcome;
import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.orchestrator.api.TaskInference;
import io.symoe.orchestrator.http.HttpApiVerticle;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends Symbolic-MoE paper records, in the paper's own format, as the user message to a running replay service over
 * real HTTP, and checks each answer against the recordings: the expected recorded question is found here by a rule
 * of this class's own (stems compared on letters and digits, options breaking ties), every recruited expert's
 * reported answer must be what that model's recorded output for that question says, and the ensemble's answer
 * one of the experts' answers (their strict majority when there is one).
 */
final class PaperQuestionsOverHttp {
    private static final Pattern OPTIONS = Pattern.compile(" The options are: (.*)$", Pattern.DOTALL);
    private static final Pattern OPTION = Pattern.compile("\\(([A-Z])\\) (.*?)(?= \\([A-Z]\\) |$)", Pattern.DOTALL);

    record Paper(String question, String gold) {}

    /** What a run found: HTTP statuses, how many 200s the recordings bear out, and what went wrong. */
    record Tally(int sent, Map<Integer, Integer> statuses, int consistent, int noExpectation, List<String> problems) {
        int ok() {
            return statuses.getOrDefault(200, 0);
        }

        @Override
        public String toString() {
            return sent + " sent, statuses " + statuses + ", " + consistent + " answers as the recordings imply, "
                    + noExpectation + " without a recorded question to check against; problems (first 5): "
                    + problems.stream().limit(5).toList();
        }
    }

    private final RecordedDataset recorded;
    private final Map<String, List<RecordedQuestion>> byStem = new HashMap<>();
    private final TaskInference tasks = new TaskInference(HttpApiVerticle.DEFAULT_TASK);

    PaperQuestionsOverHttp(RecordedDataset recorded) {
        this.recorded = recorded;
        recorded.questions().forEach(q -> byStem.computeIfAbsent(alnum(q.text()), k -> new ArrayList<>()).add(q));
    }

    static List<Paper> read(Path file) throws IOException {
        List<Paper> out = new ArrayList<>();
        for (JsonNode n : new ObjectMapper().readTree(file.toFile())) {
            out.add(new Paper(n.path("question").asText(), n.path("gold_answer").asText()));
        }
        return out;
    }

    static String stem(String paper) {
        Matcher m = OPTIONS.matcher(paper);
        return m.find() ? paper.substring(0, m.start()) : paper;
    }

    private static List<String> options(String paper) {
        Matcher m = OPTIONS.matcher(paper);
        List<String> out = new ArrayList<>();
        if (m.find()) {
            Matcher o = OPTION.matcher(m.group(1).strip());
            while (o.find()) {
                out.add(alnum(o.group(2)));
            }
        }
        return out;
    }

    private static String alnum(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    /** The recorded questions this paper record is (several only for duplicates in the recordings). */
    List<RecordedQuestion> expected(String paper) {
        List<RecordedQuestion> sameStem = byStem.getOrDefault(alnum(stem(paper)), List.of());
        List<String> options = options(paper);
        List<RecordedQuestion> sameOptions = sameStem.stream()
                .filter(q -> q.options().stream().map(PaperQuestionsOverHttp::alnum).toList().equals(options)).toList();
        return sameOptions.isEmpty() ? sameStem : sameOptions;
    }

    /** Sends every record ({@code threads} at a time) to {@code POST /v1/chat/completions} on {@code port}. */
    Tally run(int port, List<Paper> papers, int threads) throws Exception {
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        AtomicInteger consistent = new AtomicInteger();
        AtomicInteger noExpectation = new AtomicInteger();
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        try (HttpClient http = HttpClient.newHttpClient(); ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> all = new ArrayList<>();
            for (Paper p : papers) {
                all.add(pool.submit(() -> {
                    JsonObject body = new JsonObject().put("model", "symoe").put("messages", new JsonArray()
                            .add(new JsonObject().put("role", "user").put("content", p.question())));
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                            .header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(),
                            HttpResponse.BodyHandlers.ofString());
                    statuses.merge(r.statusCode(), 1, Integer::sum);
                    if (r.statusCode() != 200) {
                        problems.add(r.statusCode() + " " + r.body());
                        return null;
                    }
                    List<RecordedQuestion> expected = expected(p.question());
                    if (expected.isEmpty()) {
                        noExpectation.incrementAndGet();
                        return null;
                    }
                    String why = check(p.question(), new JsonObject(r.body()).getJsonObject("symoe"), expected);
                    if (why == null) {
                        consistent.incrementAndGet();
                    } else {
                        problems.add(why + " for " + p.question().substring(0, Math.min(80, p.question().length())));
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        }
        return new Tally(papers.size(), new TreeMap<>(statuses), consistent.get(), noExpectation.get(),
                List.copyOf(problems));
    }

    /** Null when the provenance agrees with one of the expected recorded questions, else what disagrees. */
    private String check(String asked, JsonObject symoe, List<RecordedQuestion> expected) {
        Task task = tasks.infer(asked, null);
        var extractor = AnswerExtractors.forFormat(task.answerFormat(), ExtractionMode.STRICT);
        String why = "no expert";
        for (RecordedQuestion q : expected) {
            why = null;
            Map<String, Integer> votes = new HashMap<>();
            for (Object o : symoe.getJsonArray("experts")) {
                JsonObject e = (JsonObject) o;
                RecordedOutcome out = q.outcomes().get(e.getString("answered_by"));
                String recordedAnswer = out == null ? null : extractor.extract(out.text()).answer().orElse(null);
                if (out == null || !Objects.equals(recordedAnswer, e.getString("answer"))) {
                    why = e.getString("answered_by") + " answered " + e.getString("answer") + " but its recording of "
                            + q.id() + " says " + recordedAnswer;
                    break;
                }
                if (recordedAnswer != null) {
                    votes.merge(recordedAnswer, 1, Integer::sum);
                }
            }
            if (why == null) {
                why = checkFinal(symoe.getString("answer"), votes);
            }
            if (why == null) {
                return null;
            }
        }
        return why;
    }

    private static String checkFinal(String answer, Map<String, Integer> votes) {
        int total = votes.values().stream().mapToInt(Integer::intValue).sum();
        for (var v : votes.entrySet()) {
            if (2 * v.getValue() > total && !v.getKey().equals(answer)) {
                return "the experts' majority is " + v.getKey() + " but the ensemble answered " + answer;
            }
        }
        return votes.isEmpty() || votes.containsKey(answer) ? null
                : "the ensemble answered " + answer + ", which no expert gave (" + votes + ")";
    }

    RecordedDataset recorded() {
        return recorded;
    }
}
