package io.symoe.skillrouter.aggregator;

import io.symoe.core.generation.Generation;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Generator;
import io.symoe.core.generation.Prompt;
import io.symoe.core.recorded.RecordedOutcome;
import io.symoe.core.recorded.RecordedQuestion;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Paper step 6: choose the aggregator per task. A synthetic benchmark is built from validation outputs (per
 * question one correct and two incorrect expert reasoning texts, shuffled); every candidate model answers it
 * (one batch per model, through {@link Generator}); the most accurate candidate wins, ties to the earlier one.
 * Being right here means not following the majority: two of three responses are wrong by construction.
 */
public final class AggregatorSelector {
    /** Accuracy of each candidate and the winner. */
    public record Selection(String best, Map<String, Double> accuracy) {
        public Selection {
            accuracy = Collections.unmodifiableMap(new LinkedHashMap<>(accuracy));
        }
    }

    private static final Pattern ANSWER = Pattern.compile("answer is:?\\s*\\(?([A-Z])\\)?", Pattern.CASE_INSENSITIVE);

    private final Generator generator;
    private final GenerationParams params;
    private final Function<String, String> extractor;

    public AggregatorSelector(Generator generator) {
        this(generator, GenerationParams.GREEDY, AggregatorSelector::extractLetter);
    }

    public AggregatorSelector(Generator generator, GenerationParams params, Function<String, String> extractor) {
        this.generator = generator;
        this.params = params;
        this.extractor = extractor;
    }

    /**
     * The benchmark from recorded validation results that carry texts: questions with at least one correct and
     * two incorrect recorded outputs, at most {@code maxCases} of them, responses drawn and shuffled under
     * {@code seed}.
     */
    public static List<AggregationCase> buildBenchmark(List<RecordedQuestion> validation, int maxCases, long seed) {
        Random rng = new Random(seed);
        List<AggregationCase> out = new ArrayList<>();
        for (RecordedQuestion q : validation) {
            if (out.size() >= maxCases) {
                break;
            }
            List<String> right = new ArrayList<>();
            List<String> wrong = new ArrayList<>();
            for (RecordedOutcome o : q.outcomes().values()) {
                if (o.text() == null || o.text().isBlank()) {
                    continue;
                }
                (o.correct() ? right : wrong).add(o.text());
            }
            if (right.isEmpty() || wrong.size() < 2 || q.gold() == null) {
                continue;
            }
            Collections.sort(right); // outcome maps have no guaranteed order; sort so the seed decides alone
            Collections.sort(wrong);
            Collections.shuffle(right, rng);
            Collections.shuffle(wrong, rng);
            List<String> responses = new ArrayList<>(List.of(right.getFirst(), wrong.get(0), wrong.get(1)));
            Collections.shuffle(responses, rng);
            out.add(new AggregationCase(q.id(), questionText(q), responses, q.gold()));
        }
        return out;
    }

    /** Runs the benchmark on every candidate and picks the most accurate. */
    public CompletionStage<Selection> select(List<String> candidates, List<AggregationCase> cases) {
        if (candidates.isEmpty() || cases.isEmpty()) {
            throw new IllegalArgumentException("aggregator selection needs candidates and cases");
        }
        List<Prompt> prompts = cases.stream().map(c -> Prompt.ofUser(c.questionId(), prompt(c))).toList();
        List<CompletableFuture<Double>> scores = new ArrayList<>();
        for (String m : candidates) {
            scores.add(generator.generate(m, prompts, params).toCompletableFuture()
                    .thenApply(gens -> accuracy(m, gens, cases)));
        }
        return CompletableFuture.allOf(scores.toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<String, Double> acc = new LinkedHashMap<>();
            String best = null;
            for (int i = 0; i < candidates.size(); i++) {
                double a = scores.get(i).join();
                acc.put(candidates.get(i), a);
                if (best == null || a > acc.get(best)) {
                    best = candidates.get(i);
                }
            }
            return new Selection(best, acc);
        });
    }

    private double accuracy(String model, List<Generation> gens, List<AggregationCase> cases) {
        if (gens.size() != cases.size()) {
            throw new IllegalStateException(model + " returned " + gens.size() + " generations for " + cases.size() + " prompts");
        }
        int right = 0;
        for (int i = 0; i < cases.size(); i++) {
            String a = extractor.apply(gens.get(i).text());
            right += a != null && a.equalsIgnoreCase(cases.get(i).gold()) ? 1 : 0;
        }
        return (double) right / cases.size();
    }

    /** The aggregation prompt: synthesise the responses critically, answer in the harness's format. */
    public static String prompt(AggregationCase c) {
        StringBuilder b = new StringBuilder();
        b.append("You have been provided with a set of responses from various models to the question below. ")
                .append("Synthesize them into a single, high-quality answer. Critically evaluate the information: ")
                .append("some of it may be biased or incorrect, and the majority is not necessarily right.\n\n")
                .append("Question: ").append(c.question()).append("\n\n");
        for (int i = 0; i < c.responses().size(); i++) {
            b.append("Response ").append(i + 1).append(":\n").append(c.responses().get(i)).append("\n\n");
        }
        b.append("Think step by step, then finish with \"The answer is (X)\" where X is the correct letter.");
        return b.toString();
    }

    /** The last "answer is (X)" letter, or null. */
    public static String extractLetter(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = ANSWER.matcher(text);
        String last = null;
        while (m.find()) {
            last = m.group(1).toUpperCase(java.util.Locale.ROOT);
        }
        return last;
    }

    private static String questionText(RecordedQuestion q) {
        StringBuilder b = new StringBuilder(q.text());
        for (int i = 0; i < q.options().size(); i++) {
            b.append("\n(").append((char) ('A' + i)).append(") ").append(q.options().get(i));
        }
        return b.toString();
    }
}
