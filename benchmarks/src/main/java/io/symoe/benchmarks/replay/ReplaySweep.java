package io.symoe.benchmarks.replay;

import io.symoe.aggregator.AggregatorOptions;
import io.symoe.aggregator.Aggregators;
import io.symoe.aggregator.strategy.AggregationRequest;
import io.symoe.aggregator.strategy.Aggregator;
import io.symoe.core.Assignment;
import io.symoe.core.ExpertOutput;
import io.symoe.core.RecruitedExpert;
import io.symoe.core.config.AggregationStrategy;
import io.symoe.core.config.AggregatorConfig;
import io.symoe.core.recorded.RecordedOutcome;
import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.skillrouter.eval.RoutingEvaluation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * Runs one configuration over its seeds: route every evaluated question, replay the recruited experts' recorded
 * answers (the harness's extracted prediction, as the paper scored them), merge with the aggregator, score.
 */
public final class ReplaySweep {
    private ReplaySweep() {}

    public static RunResult run(ReplaySetup setup, ReplayRouter router, int seeds, String poolName,
                                IntConsumer progress) {
        int runs = runs(router, seeds);
        Aggregator aggregator = aggregator(setup.aggregator());
        List<SeedResult> results = new ArrayList<>(runs);
        for (int s = 0; s < runs; s++) {
            results.add(runSeed(setup, router, s, aggregator));
            progress.accept(s + 1);
        }
        return merge(setup, router.name(), poolName, results);
    }

    /** How many seeds a router runs: all of them when it is stochastic, else one. */
    public static int runs(ReplayRouter router, int seeds) {
        return router.stochastic() ? Math.max(1, seeds) : 1;
    }

    /** One seed: route every evaluated question, replay the recruited experts' answers, vote, score. */
    public static SeedResult runSeed(ReplaySetup setup, ReplayRouter router, int seed) {
        return runSeed(setup, router, seed, aggregator(setup.aggregator()));
    }

    private static SeedResult runSeed(ReplaySetup setup, ReplayRouter router, int seed, Aggregator aggregator) {
        List<RecordedQuestion> questions = setup.evalQuestions();
        List<List<RecruitedExpert>> recruited = router.recruit(setup, questions, seed);
        List<String> answers = router.oracle() ? null : router.answers(setup, questions, recruited, aggregator);
        int right = 0;
        int calls = 0;
        Set<String> used = new HashSet<>();
        Map<String, Integer> catRight = new HashMap<>();
        Map<String, Integer> catTotal = new HashMap<>();
        for (int i = 0; i < questions.size(); i++) {
            RecordedQuestion q = questions.get(i);
            List<RecruitedExpert> experts = recruited.get(i);
            experts.forEach(e -> used.add(e.modelId()));
            calls += experts.size();
            String answer = router.oracle() ? oracleAnswer(q, setup.pool()) : answers.get(i);
            boolean ok = answer != null && answer.equals(q.gold());
            String cat = q.category() == null ? "(none)" : q.category();
            catTotal.merge(cat, 1, Integer::sum);
            if (ok) {
                right++;
                catRight.merge(cat, 1, Integer::sum);
            }
        }
        return new SeedResult(router.name(), seed, right, questions.size(), catRight, catTotal, calls, used.size());
    }

    /**
     * The row for one router from its seeds' results, in seed order (a cluster returns them in any order; they
     * are sorted here so a distributed sweep gives exactly the local numbers).
     */
    public static RunResult merge(ReplaySetup setup, String router, String poolName, List<SeedResult> seedResults) {
        if (seedResults.isEmpty()) {
            throw new IllegalArgumentException("no seed results for " + router);
        }
        List<SeedResult> results = seedResults.stream().sorted(java.util.Comparator.comparingInt(SeedResult::seed))
                .toList();
        int runs = results.size();
        double[] accuracy = new double[runs];
        Map<String, double[]> categoryCorrect = new TreeMap<>();
        Map<String, Integer> categoryTotal = results.getFirst().categoryTotal();
        double calls = 0;
        double loads = 0;
        for (int s = 0; s < runs; s++) {
            SeedResult r = results.get(s);
            accuracy[s] = 100.0 * r.right() / r.questions();
            calls += r.calls();
            loads += r.loads();
            for (String cat : categoryTotal.keySet()) {
                categoryCorrect.computeIfAbsent(cat, c -> new double[1])[0] += r.categoryRight().getOrDefault(cat, 0);
            }
        }
        Map<String, Double> perCategory = new TreeMap<>();
        for (var e : categoryTotal.entrySet()) {
            perCategory.put(e.getKey(), 100.0 * categoryCorrect.get(e.getKey())[0] / (e.getValue() * (double) runs));
        }
        ReplayRouter named = ReplayRouters.byName(router); // the cluster merges by name: both label rows alike
        return new RunResult(router, setup.k(), named.aggregatorLabel(setup), poolName, named.skillsLabel(setup), runs, results.getFirst().questions(), mean(accuracy),
                std(accuracy), perCategory, calls / runs, 0, loads / runs);
    }

    /** The vote aggregators replay can run; the model-calling strategies need a live aggregator model. */
    static Aggregator aggregator(String name) {
        AggregationStrategy strategy = switch (name) {
            case "majority-vote" -> AggregationStrategy.MAJORITY_VOTE;
            case "weighted-vote" -> AggregationStrategy.WEIGHTED_VOTE;
            default -> throw new IllegalArgumentException("aggregator '" + name + "' cannot be replayed (it calls a"
                    + " model, and recordings hold no aggregator outputs); use majority-vote or weighted-vote");
        };
        // Paper parity: ties go to the first answer seen, predictions are the harness's own extraction.
        return Aggregators.fromConfig(new AggregatorConfig(strategy, false, null, null), AggregatorOptions.paperParity(),
                null);
    }

    static String vote(Aggregator aggregator, RecordedQuestion q, List<RecruitedExpert> experts) {
        List<ExpertOutput> outputs = new ArrayList<>(experts.size());
        for (RecruitedExpert e : experts) {
            RecordedOutcome o = q.outcomes().get(e.modelId());
            Optional<String> pred = o == null ? Optional.empty() : Optional.ofNullable(o.prediction());
            outputs.add(new ExpertOutput(e.modelId(), q.id(), "", pred, null, Duration.ZERO));
        }
        var instance = RoutingEvaluation.instance(q);
        var assignment = new Assignment(q.id(), List.of(), experts, List.of(), null);
        return aggregator.aggregate(new AggregationRequest(instance, assignment, outputs, ""))
                .toCompletableFuture().join().answer().extractedAnswer().orElse(null);
    }

    static String oracleAnswer(RecordedQuestion q, List<String> pool) {
        for (String m : pool) {
            RecordedOutcome o = q.outcomes().get(m);
            if (o != null && o.correct()) {
                return q.gold();
            }
        }
        return null;
    }

    static double mean(double[] xs) {
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s / xs.length;
    }

    static double std(double[] xs) {
        if (xs.length < 2) {
            return 0;
        }
        double m = mean(xs);
        double s = 0;
        for (double x : xs) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (xs.length - 1));
    }
}
