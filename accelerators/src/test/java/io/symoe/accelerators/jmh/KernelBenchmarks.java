package io.symoe.accelerators.jmh;

import io.symoe.accelerators.gguf.GGMLType;
import jdk.incubator.vector.FloatVector;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the kernel, activation-quantisation and bandwidth benchmarks and prints one table: per kernel its time,
 * GB/s of weights streamed, the ratio to the scalar baseline of the same type, threads and batch, and the
 * fraction of the triad bandwidth at the same thread count, all from this one run (see accelerators/README.md).
 *
 * <p>Arguments: an optional JMH include regex, then {@code name=v1,v2} parameter overrides, e.g.
 * {@code threads=1,2} or {@code batch=16}.
 */
public final class KernelBenchmarks {
    /**
     * Which path the forks' default Q8_0 kernel took: Q8_0Tensor uses int8 × int8 only with 16 float lanes (this
     * JVM runs on the same CPU as the forks, so it sees the same preferred vector shape).
     */
    private static final String Q8_0_DEFAULT_PATH = FloatVector.SPECIES_PREFERRED.length() == 16
            ? "(default: int8 path, 512-bit vectors)" : "(default: float path, no 512-bit vectors)";

    private KernelBenchmarks() {
    }

    public static void main(String[] args) throws RunnerException {
        String include = "io.symoe.accelerators.jmh.*Benchmark";
        ChainedOptionsBuilder opt = new OptionsBuilder();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq > 0) {
                opt.param(a.substring(0, eq), a.substring(eq + 1).split(","));
            } else {
                include = a;
            }
        }
        String loadBefore = loadAverage();
        Instant start = Instant.now();
        Collection<RunResult> results = new Runner(opt.include(include).build()).run();
        System.out.println();
        System.out.printf("%s, %d cores, %s %s; %s → %s UTC; load average %s → %s%n", System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), start, Instant.now(), loadBefore, loadAverage());
        print(results);
    }

    private static void print(Collection<RunResult> results) {
        Map<String, Double> scalarUs = new HashMap<>();
        Map<String, Double> triadGbs = new HashMap<>();
        for (RunResult r : results) {
            var p = r.getParams();
            if (p.getBenchmark().endsWith("scalarBaseline")) {
                scalarUs.put(key(p.getParam("type"), p.getParam("threads"), p.getParam("batch")), r.getPrimaryResult().getScore());
            } else if (p.getBenchmark().endsWith("triad")) {
                triadGbs.put(p.getParam("threads"), MemoryBandwidthBenchmark.TRIAD_BYTES / (r.getPrimaryResult().getScore() * 1e-3) / 1e9);
            }
        }
        List<String> rows = new ArrayList<>();
        rows.add("| kernel | threads | batch | µs / matvec 4096² (± 99.9 %) | GB/s (weights) | × scalar baseline | % of triad |");
        rows.add("|---|---|---|---|---|---|---|");
        for (RunResult r : results) {
            var p = r.getParams();
            String bench = p.getBenchmark();
            double score = r.getPrimaryResult().getScore();
            if (bench.endsWith("KernelBenchmark.kernel") || bench.endsWith("scalarBaseline") || bench.endsWith("floatPath")
                    || bench.endsWith("oneRowKernel")) {
                boolean floatPath = bench.endsWith("floatPath");
                String type = floatPath ? "Q8_0" : p.getParam("type");
                String threads = p.getParam("threads"), batch = p.getParam("batch");
                double gbs = WeightRing.weightBytes(GGMLType.valueOf(type)) / (score * 1e-6) / 1e9;
                String name = floatPath ? "Q8_0 float path" : bench.endsWith("scalarBaseline") ? type + " scalar baseline"
                        : bench.endsWith("oneRowKernel") ? type + " one row per call (before)"
                        : type.equals("Q8_0") ? "Q8_0 " + Q8_0_DEFAULT_PATH : type;
                Double base = scalarUs.get(key(type, threads, batch));
                Double triad = triadGbs.get(threads);
                rows.add(String.format("| %s | %s | %s | %.0f ± %.0f | %.2f | %s | %s |", name, threads, batch, score,
                        r.getPrimaryResult().getScoreError(), gbs,
                        base == null ? "—" : String.format("%.1f×", base / score),
                        triad == null ? "—" : String.format("%.0f %%", 100 * gbs / triad)));
            }
        }
        for (RunResult r : results) {
            var p = r.getParams();
            double score = r.getPrimaryResult().getScore();
            String bench = p.getBenchmark();
            if (bench.endsWith("tokenTiles") || bench.endsWith("foldedTile")) {
                int batch = Integer.parseInt(p.getParam("batch"));
                rows.add(String.format("| %s prefill matmul 4096², %s | %s | %d | %.0f ± %.0f | %.2f GMAC/s | | |", p.getParam("type"),
                        bench.endsWith("tokenTiles") ? "tokens in the lanes, 8 rows × 32 tokens" : "4 × 4 folded tile (before)",
                        p.getParam("threads"), batch, score, r.getPrimaryResult().getScoreError(),
                        PrefillBenchmark.Input.macs(batch) / (score * 1e-6) / 1e9));
            } else if (p.getBenchmark().endsWith("quantize")) {
                int n = Integer.parseInt(p.getParam("n"));
                rows.add(String.format("| activation quantisation %s, %d floats | 1 | 1 | %.2f ± %.2f | %.2f (floats read) | | |",
                        p.getParam("format"), n, score, r.getPrimaryResult().getScoreError(), 4.0 * n / (score * 1e-6) / 1e9));
            } else if (p.getBenchmark().endsWith("triad")) {
                rows.add(String.format("| STREAM triad 3 × 128 MiB | %s | | %.0f ± %.0f | %.2f | | 100 %% |", p.getParam("threads"),
                        score * 1e3, r.getPrimaryResult().getScoreError() * 1e3, triadGbs.get(p.getParam("threads"))));
            } else if (p.getBenchmark().endsWith("streamRead")) {
                rows.add(String.format("| stream read 512 MiB | %s | | %.0f ± %.0f | %.2f | | |", p.getParam("threads"),
                        score * 1e3, r.getPrimaryResult().getScoreError() * 1e3, MemoryBandwidthBenchmark.BYTES / (score * 1e-3) / 1e9));
            }
        }
        rows.forEach(System.out::println);
    }

    private static String key(String type, String threads, String batch) {
        return type + "/" + threads + "/" + batch;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
