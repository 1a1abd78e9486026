package io.symoe.accelerators.model;

import io.symoe.accelerators.gguf.GGMLType;
import io.symoe.accelerators.gguf.GGUF;
import io.symoe.accelerators.kernel.Parallel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine against {@link ReferenceForward} on models written by the project's own GGUF writer: olmoe (which
 * the llama.cpp reference set lacks), and the other architectures as a cross-check; batched prefill against
 * token-by-token decode.
 */
class SyntheticModelTest {
    private static Parallel pool;

    @BeforeAll
    static void start() {
        pool = new Parallel(2);
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    @ParameterizedTest
    @CsvSource({"OLMOE, 4, F32", "OLMOE, 4, Q8_0", "LLAMA, 4, F32", "LLAMA, 0, Q4_0", "QWEN2MOE, 4, F32"})
    void engineMatchesNaiveReference(Architecture arch, int experts, GGMLType type) {
        byte[] file = SyntheticModel.bytes(SyntheticModel.Spec.small(arch, experts, type));
        int[] tokens = {1, 270, 275, 280, 268, 290, 3, 299};
        try (Arena arena = Arena.ofShared()) {
            MemorySegment seg = arena.allocate(file.length, 64);
            seg.copyFrom(MemorySegment.ofArray(file));
            GGUF g = GGUF.parse(seg);
            Configuration c = ModelLoader.configuration(g);
            assertEquals(arch, c.architecture());
            Transformer tf = new Transformer(c, ModelLoader.load(g, c), pool, 32);
            float[][] batched = tf.forward(new KVCache(c, 32), tokens, 0, true);
            KVCache cache = new KVCache(c, 32);
            float[][] stepwise = new float[tokens.length][];
            for (int i = 0; i < tokens.length; i++) {
                stepwise[i] = tf.forward(cache, new int[]{tokens[i]}, i, false)[0];
            }
            float[][] ref = new ReferenceForward(g).logits(tokens);
            double tol = type == GGMLType.F32 ? 2e-3 : 0.03; // F16 KV cache (and Q8 activations) vs float reference
            for (int t = 0; t < tokens.length; t++) {
                double min = Double.MAX_VALUE, max = -Double.MAX_VALUE, d = 0, ds = 0;
                for (int v = 0; v < ref[t].length; v++) {
                    min = Math.min(min, ref[t][v]);
                    max = Math.max(max, ref[t][v]);
                    d = Math.max(d, Math.abs(ref[t][v] - batched[t][v]));
                    ds = Math.max(ds, Math.abs(stepwise[t][v] - batched[t][v]));
                }
                double range = max - min;
                int pos = t;
                double fd = d, fds = ds;
                assertTrue(d <= tol * range, () -> arch + " pos " + pos + ": |engine - reference| = " + fd + " of range " + range);
                assertTrue(ds <= 1e-4 * range + 1e-5, () -> arch + " pos " + pos + ": batched vs step-wise differ by " + fds);
            }
        }
    }
}
