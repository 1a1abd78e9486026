package io.symoe.skillrouter.jmh;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.Collection;

/**
 * Runs the routing and embedding benchmarks and prints µs per routing decision and questions/s embedded (see
 * skill-router/README.md for the command). An argument, if any, is a JMH include regex.
 */
public final class RouterBenchmarks {
    private RouterBenchmarks() {
    }

    public static void main(String[] args) throws RunnerException {
        var opt = new OptionsBuilder().include(args.length > 0 ? args[0] : "io.symoe.skillrouter.jmh.*Benchmark").build();
        Collection<RunResult> results = new Runner(opt).run();
        System.out.println();
        for (RunResult r : results) {
            var p = r.getParams();
            double score = r.getPrimaryResult().getScore();
            String name = p.getBenchmark().substring(p.getBenchmark().lastIndexOf('.') + 1);
            if (name.equals("embedBatch")) {
                System.out.printf("embed %-11s threads=%s: %8.1f ms / %d questions = %6.1f questions/s%n",
                        p.getParam("impl"), p.getParam("threads"), score, EmbeddingBenchmark.BATCH,
                        EmbeddingBenchmark.BATCH / (score / 1e3));
            } else if (name.equals("embedOne")) {
                System.out.printf("embed %-11s threads=%s: %8.2f ms / question      = %6.1f questions/s%n",
                        p.getParam("impl"), p.getParam("threads"), score, 1e3 / score);
            } else {
                System.out.printf("route %-26s %8.2f us/instance%n", name, score);
            }
        }
    }
}
