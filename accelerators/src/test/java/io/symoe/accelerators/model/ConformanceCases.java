package io.symoe.accelerators.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.symoe.accelerators.SharedData;
import io.symoe.accelerators.gguf.GGUF;
import io.symoe.accelerators.backend.ComputeBackend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * symoe's logits against llama.cpp's for the shared reference models (all 16 positions, one batch from 0), on the
 * backend a subclass provides: the same cases and thresholds for every backend.
 * F32: max |Δ| ≤ 1e-3 of the logit range. Q8_0/Q4_0 files: ≤ 0.02 % of the range (both backends match them to
 * float noise, ≤ 1e-7 of the range; the dense llama files were 0.5 % off on the CPU until its Q8_0/Q4_0 dots and
 * attention took llama.cpp's float order, see the README), with the same top-1 at ≥ 15 of 16.
 */
abstract class ConformanceCases {
    /** The backend under test; created once per class by the subclass. */
    abstract ComputeBackend backend();

    private String tag() {
        return backend().name().split(":")[0];
    }

    /** The quantised files' bound on max |Δ| / range: far above float noise (≤ 1e-7), far below one rounding flip (~5e-3). */
    static final double QUANTISED_TOLERANCE = 2e-4;

    record Result(double maxAbsDiff, double range, int top1Agree, int positions) {
        double relative() {
            return maxAbsDiff / range;
        }
    }

    static Result compare(Path model, Path expectedJson, ComputeBackend backend, boolean batched) throws IOException {
        JsonNode ref = new ObjectMapper().readTree(expectedJson.toFile());
        int[] tokens = new int[ref.get("tokens").size()];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = ref.get("tokens").get(i).asInt();
        }
        try (GGUF gguf = GGUF.open(model)) {
            Configuration c = ModelLoader.configuration(gguf);
            Transformer tf = new Transformer(c, ModelLoader.load(gguf, c), backend, 64);
            KVCache cache = new KVCache(c, 64);
            float[][] logits;
            if (batched) {
                logits = tf.forward(cache, tokens, 0, true);
            } else {
                logits = new float[tokens.length][];
                for (int i = 0; i < tokens.length; i++) {
                    logits[i] = tf.forward(cache, new int[]{tokens[i]}, i, false)[0];
                }
            }
            double maxDiff = 0, min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
            int agree = 0;
            for (int p = 0; p < tokens.length; p++) {
                JsonNode row = ref.get("logits").get(p);
                assertEquals(c.vocabSize(), row.size());
                int refArg = 0, ourArg = 0;
                for (int v = 0; v < row.size(); v++) {
                    double e = row.get(v).asDouble();
                    min = Math.min(min, e);
                    max = Math.max(max, e);
                    maxDiff = Math.max(maxDiff, Math.abs(e - logits[p][v]));
                    if (e > row.get(refArg).asDouble()) {
                        refArg = v;
                    }
                    if (logits[p][v] > logits[p][ourArg]) {
                        ourArg = v;
                    }
                }
                if (System.getenv("CONFORMANCE_DEBUG") != null) { // per-position error, for investigating a mismatch
                    double pd = 0;
                    for (int v = 0; v < row.size(); v++) {
                        pd = Math.max(pd, Math.abs(row.get(v).asDouble() - logits[p][v]));
                    }
                    System.out.printf("  pos %2d max|d| %.4g%n", p, pd);
                }
                if (refArg == ourArg) {
                    agree++;
                }
            }
            return new Result(maxDiff, max - min, agree, tokens.length);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama-f32", "llama-moe-f32", "qwen2moe-f32"})
    void f32MatchesLlamaCpp(String name) throws IOException {
        Path model = SharedData.model(name);
        Result r = compare(model, model.resolveSibling(name + ".logits.json"), backend(), true);
        System.out.printf("conformance %-7s %-16s max|d| = %.3g (%.5f%% of range %.2f), top-1 %d/%d%n", tag(), name, r.maxAbsDiff(),
                100 * r.relative(), r.range(), r.top1Agree(), r.positions());
        assertTrue(r.relative() <= 1e-3, () -> name + ": max |d| " + r.maxAbsDiff() + " is " + r.relative() + " of the range");
        assertEquals(r.positions(), r.top1Agree(), name + " top-1 agreement");
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama-q8_0", "llama-q4_0", "llama-moe-q8_0", "llama-moe-q4_0", "qwen2moe-q8_0", "qwen2moe-q4_0"})
    void quantisedMatchesLlamaCpp(String name) throws IOException {
        Path model = SharedData.model(name);
        Result r = compare(model, model.resolveSibling(name + ".logits.json"), backend(), true);
        System.out.printf("conformance %-7s %-16s max|d| = %.3g (%.3f%% of range %.2f), top-1 %d/%d%n", tag(), name, r.maxAbsDiff(),
                100 * r.relative(), r.range(), r.top1Agree(), r.positions());
        double tol = QUANTISED_TOLERANCE;
        assertTrue(r.relative() <= tol, () -> name + ": max |d| " + r.maxAbsDiff() + " is " + r.relative() + " of the range, over " + tol);
        assertTrue(r.top1Agree() >= 15, () -> name + ": top-1 agrees at " + r.top1Agree() + " of 16 positions");
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama-moe-q8_0", "qwen2moe-f32"})
    void tokenByTokenDecodeMatchesBatchedPrefill(String name) throws IOException {
        Path model = SharedData.model(name);
        Result r = compare(model, model.resolveSibling(name + ".logits.json"), backend(), false);
        assertTrue(r.relative() <= 0.02, () -> name + " decode path: " + r.relative() + " of the range");
        assertTrue(r.top1Agree() >= 15);
    }
}
