package io.symoe.accelerators.jmh;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.Collection;

/**
 * Runs the kernel and bandwidth benchmarks and prints GFLOP/s and GB/s (see accelerators/README.md for the
 * command). Arguments, if any, are a JMH include regex.
 */
public final class KernelBenchmarks {
    private KernelBenchmarks() {
    }

    public static void main(String[] args) throws RunnerException {
        Options opt = new OptionsBuilder().include(args.length > 0 ? args[0] : "io.symoe.accelerators.jmh.*Benchmark").build();
        Collection<RunResult> results = new Runner(opt).run();
        System.out.println();
        for (RunResult r : results) {
            var p = r.getParams();
            double score = r.getPrimaryResult().getScore();
            if (p.getBenchmark().endsWith("matmul")) {
                String type = p.getParam("type");
                int batch = Integer.parseInt(p.getParam("batch"));
                double seconds = score * 1e-6;
                double flops = 2.0 * KernelBenchmark.ROWS * KernelBenchmark.COLS * batch;
                System.out.printf("matmul %-5s threads=%s batch=%d: %8.1f us  %6.2f GFLOP/s  %6.2f GB/s (weights)%n", type,
                        p.getParam("threads"), batch, score, flops / seconds / 1e9, KernelBenchmark.weightBytes(type) / seconds / 1e9);
            } else if (p.getBenchmark().endsWith("streamRead")) {
                System.out.printf("stream read threads=%s: %8.2f ms  %6.2f GB/s%n", p.getParam("threads"), score,
                        MemoryBandwidthBenchmark.BYTES / (score * 1e-3) / 1e9);
            }
        }
    }
}
