package io.symoe.accelerators.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.symoe.accelerators.LocalModel;
import io.symoe.accelerators.backend.BackendSpec;
import io.symoe.accelerators.backend.OpTimes;
import io.symoe.accelerators.model.KVCache;
import io.symoe.accelerators.sample.Sampler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code symoe bench engine --model FILE.gguf [--prompt-tokens 128] [--gen-tokens 64] [--threads 2] [--backend cpu|opencl] --json OUT.json}:
 * prefill and decode throughput. {@code weights_bytes_per_token} counts the weights one decoded token streams
 * (attention, router, the {@code expert_used_count} active experts, output); {@code achieved_gb_s} is that times
 * the decode rate, to compare with the machine's memory bandwidth. Timings are the best of three runs after a
 * full warm-up run.
 */
@Command(name = "engine", mixinStandardHelpOptions = true,
        description = "Measure prefill/decode tokens per second and achieved weight bandwidth of the in-process engine.")
public final class EngineBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BackendOptions backendOptions = new BackendOptions();

    @Option(names = "--model", required = true, description = "GGUF model file")
    Path model;

    @Option(names = "--prompt-tokens", defaultValue = "128", description = "prefill length (default ${DEFAULT-VALUE})")
    int promptTokens;

    @Option(names = "--gen-tokens", defaultValue = "64", description = "decoded tokens (default ${DEFAULT-VALUE})")
    int genTokens;

    @Option(names = "--threads", defaultValue = "2", description = "kernel threads (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--json", required = true, description = "output JSON file")
    Path json;

    @Option(names = "--vs-llamacpp", paramLabel = "BIN_DIR",
            description = "directory holding llama.cpp's llama-bench (ops/llamacpp/build.sh prints it): run it and "
                    + "symoe alternately on the same file and threads and write the side-by-side JSON")
    Path vsLlamaCpp;

    @Option(names = "--repeats", defaultValue = "3", description = "alternations with --vs-llamacpp (default ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--profile", description = "after the measurement, one more run (cpu backend) with every op timed; "
            + "prints where prefill and decode time goes")
    boolean profile;

    @Override
    public Integer call() throws Exception {
        if (promptTokens < 1 || genTokens < 1) {
            spec.commandLine().getErr().println("error: --prompt-tokens and --gen-tokens must be >= 1");
            return 2;
        }
        OpTimes times = new OpTimes();
        BackendSpec backendSpec = backendOptions.spec();
        if (profile) {
            if (!(backendSpec instanceof BackendSpec.Cpu)) {
                spec.commandLine().getErr().println("error: --profile times the cpu backend's ops only");
                return 2;
            }
            backendSpec = new BackendSpec.Profiled(backendSpec, times);
        }
        try (LocalModel m = LocalModel.load(model, Commands.threads(threads), promptTokens + genTokens + 1, backendSpec)) {
            if (m.contextLength() < promptTokens + genTokens) {
                spec.commandLine().getErr().println("error: --prompt-tokens + --gen-tokens = " + (promptTokens + genTokens)
                        + " exceed the model's context of " + m.contextLength());
                return 2;
            }
            int vocab = m.configuration().vocabSize();
            int[] prompt = new int[promptTokens];
            for (int i = 0; i < promptTokens; i++) {
                prompt[i] = 3 + (int) ((i * 7919L) % Math.max(1, vocab - 3)); // deterministic, avoids the first specials
            }
            Sampler greedy = Sampler.of(0, 1, 0);
            if (vsLlamaCpp != null) {
                int rc = sideBySide(m, prompt, greedy);
                if (profile && rc == 0) {
                    printProfile(m, prompt, greedy, times);
                }
                return rc;
            }
            // a full warm-up run lets the JIT compile the kernels; then the best of three runs, which is the
            // least disturbed by other processes on a shared machine
            run(m, prompt, genTokens, greedy);
            long[] t = {Long.MAX_VALUE, Long.MAX_VALUE};
            for (int rep = 0; rep < 3; rep++) {
                long[] r = run(m, prompt, genTokens, greedy);
                t[0] = Math.min(t[0], r[0]);
                t[1] = Math.min(t[1], r[1]);
            }
            double prefill = Commands.perSecond(promptTokens, t[0]);
            double decode = Commands.perSecond(genTokens, t[1]);
            long bytes = m.activeBytesPerToken();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("backend", m.backendName());
            result.put("prefill_tok_s", prefill);
            result.put("decode_tok_s", decode);
            result.put("weights_bytes_per_token", bytes);
            result.put("achieved_gb_s", bytes * decode / 1e9);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), result);
            spec.commandLine().getOut().printf("%s: prefill %.1f tok/s, decode %.2f tok/s, %d weight bytes/token, %.2f GB/s%n",
                    m.backendName(), prefill, decode, bytes, bytes * decode / 1e9);
            if (profile) {
                printProfile(m, prompt, greedy, times);
            }
            return 0;
        } catch (io.symoe.accelerators.gguf.GGUFFormatException | LocalModel.ContextLengthException | java.io.IOException
                 | io.symoe.accelerators.backend.opencl.OpenClUnavailableException | UnsupportedOperationException e) {
            return Commands.fail(spec, e);
        }
    }

    /**
     * A B A B …: one symoe run (prefill of the prompt into an empty cache, then {@code genTokens} decoded from
     * an empty cache, as llama-bench's pp and tg tests do), then one {@code llama-bench -r 1} run, repeated;
     * medians of each side; then a STREAM-triad bandwidth measurement on the same threads.
     */
    private int sideBySide(LocalModel m, int[] prompt, Sampler greedy) throws java.io.IOException, InterruptedException {
        if (repeats < 1) {
            spec.commandLine().getErr().println("error: --repeats must be >= 1");
            return 2;
        }
        Path bench = vsLlamaCpp.resolve("llama-bench");
        if (!java.nio.file.Files.isExecutable(bench)) {
            spec.commandLine().getErr().println("error: no executable llama-bench in " + vsLlamaCpp
                    + " (build it with ops/llamacpp/build.sh, which prints the directory)");
            return 1;
        }
        var out = spec.commandLine().getOut();
        runFromEmpty(m, prompt, genTokens, greedy); // JIT warm-up (llama-bench warms up inside each run)
        double[][] symoe = new double[2][repeats], llama = new double[2][repeats];
        for (int r = 0; r < repeats; r++) {
            long[] t = runFromEmpty(m, prompt, genTokens, greedy);
            symoe[0][r] = Commands.perSecond(prompt.length, t[0]);
            symoe[1][r] = Commands.perSecond(genTokens, t[1]);
            double[] l = LlamaBench.run(bench, model, threads, prompt.length, genTokens);
            llama[0][r] = l[0];
            llama[1][r] = l[1];
            out.printf(java.util.Locale.ROOT, "run %d/%d: symoe (%s) prefill %.2f decode %.2f tok/s | llama.cpp prefill %.2f decode %.2f tok/s%n",
                    r + 1, repeats, m.backendName(), symoe[0][r], symoe[1][r], l[0], l[1]);
            out.flush();
        }
        double bandwidth = io.symoe.accelerators.kernel.StreamTriad.measure(threads) / 1e9;
        long bytes = m.activeBytesPerToken();
        double sp = median(symoe[0]), sd = median(symoe[1]), lp = median(llama[0]), ld = median(llama[1]);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("symoe", side(sp, sd));
        result.put("llamacpp", side(lp, ld));
        result.put("prefill_ratio", lp > 0 ? sp / lp : 0);
        result.put("decode_ratio", ld > 0 ? sd / ld : 0);
        Map<String, Object> roof = new LinkedHashMap<>();
        roof.put("active_bytes_per_token", bytes);
        roof.put("bandwidth_gbs", bandwidth);
        roof.put("decode_fraction", sd * bytes / (bandwidth * 1e9));
        result.put("roofline", roof);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), result);
        out.printf(java.util.Locale.ROOT, "median: prefill %.2f vs %.2f tok/s (%.2fx), decode %.2f vs %.2f tok/s (%.2fx); "
                        + "%d active bytes/token, triad %.2f GB/s, decode at %.0f%% of the roofline%n",
                sp, lp, lp > 0 ? sp / lp : 0, sd, ld, ld > 0 ? sd / ld : 0, bytes, bandwidth, 100 * sd * bytes / (bandwidth * 1e9));
        return 0;
    }

    /**
     * One more run from an empty cache with the ops timed: per op, prefill milliseconds and decode milliseconds per
     * token with their shares of the wall time; what no op covers (residual adds, embedding lookup, activation
     * arrays, sampling) is the last row.
     */
    private void printProfile(LocalModel m, int[] prompt, Sampler greedy, OpTimes times) {
        times.reset();
        OpTimes[] prefillTimes = new OpTimes[1];
        long[] wall = runFromEmpty(m, prompt, genTokens, greedy, () -> {
            prefillTimes[0] = times.snapshot();
            times.reset();
        });
        long prefillWall = wall[0], decodeWall = wall[1];
        OpTimes prefill = prefillTimes[0];
        OpTimes decode = times.snapshot();
        var out = spec.commandLine().getOut();
        out.printf(java.util.Locale.ROOT, "per-op time, %d threads: prefill of %d tokens %.1f ms, decode %.2f ms/token (%d tokens)%n",
                threads, prompt.length, prefillWall / 1e6, decodeWall / 1e6 / genTokens, genTokens);
        out.println("| op | prefill ms | prefill share | decode ms/token | decode share | decode calls/token |");
        out.println("|---|---|---|---|---|---|");
        for (OpTimes.Op op : OpTimes.Op.values()) {
            if (prefill.calls(op) == 0 && decode.calls(op) == 0) {
                continue;
            }
            out.printf(java.util.Locale.ROOT, "| %s | %.1f | %.1f %% | %.3f | %.1f %% | %.0f |%n", op.label(),
                    prefill.nanos(op) / 1e6, 100.0 * prefill.nanos(op) / prefillWall,
                    decode.nanos(op) / 1e6 / genTokens, 100.0 * decode.nanos(op) / decodeWall,
                    (double) decode.calls(op) / genTokens);
        }
        long prefillOther = prefillWall - prefill.totalNanos(), decodeOther = decodeWall - decode.totalNanos();
        out.printf(java.util.Locale.ROOT, "| outside the ops (residual adds, embedding, sampling) | %.1f | %.1f %% | %.3f | %.1f %% | |%n",
                prefillOther / 1e6, 100.0 * prefillOther / prefillWall, decodeOther / 1e6 / genTokens,
                100.0 * decodeOther / decodeWall);
        out.flush();
    }

    private static Map<String, Object> side(double prefill, double decode) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("prefill_tps", prefill);
        m.put("decode_tps", decode);
        return m;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** Returns {prefill nanos, decode nanos}, each from an empty cache. */
    private static long[] runFromEmpty(LocalModel m, int[] prompt, int gen, Sampler sampler) {
        return runFromEmpty(m, prompt, gen, sampler, () -> { });
    }

    /** @param betweenPhases runs after the prefill is timed and before the decode is (the profile's snapshot) */
    private static long[] runFromEmpty(LocalModel m, int[] prompt, int gen, Sampler sampler, Runnable betweenPhases) {
        long t0 = System.nanoTime();
        float[] logits = m.prefill(m.newCache(), prompt, 0);
        long t1 = System.nanoTime();
        betweenPhases.run();
        KVCache cache = m.newCache();
        int token = prompt[0];
        long t2 = System.nanoTime();
        for (int pos = 0; pos < gen; pos++) {
            logits = m.decode(cache, token, pos);
            token = sampler.sample(logits);
        }
        long t3 = System.nanoTime();
        return new long[]{t1 - t0, t3 - t2};
    }

    /** Returns {prefill nanos, decode nanos}. */
    private static long[] run(LocalModel m, int[] prompt, int gen, Sampler sampler) {
        KVCache cache = m.newCache();
        long t0 = System.nanoTime();
        float[] logits = m.prefill(cache, prompt, 0);
        long t1 = System.nanoTime();
        int pos = prompt.length;
        for (int i = 0; i < gen; i++) {
            logits = m.decode(cache, sampler.sample(logits), pos++);
        }
        long t2 = System.nanoTime();
        return new long[]{t1 - t0, t2 - t1};
    }
}
