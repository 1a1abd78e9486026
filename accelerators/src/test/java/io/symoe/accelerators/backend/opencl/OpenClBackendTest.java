package io.symoe.accelerators.backend.opencl;

import io.symoe.accelerators.backend.AttentionShape;
import io.symoe.accelerators.backend.AttentionWeights;
import io.symoe.accelerators.backend.CpuBackend;
import io.symoe.accelerators.backend.ExpertWeights;
import io.symoe.accelerators.backend.TopK;
import io.symoe.accelerators.gguf.GGMLType;
import io.symoe.accelerators.kernel.Parallel;
import io.symoe.accelerators.kernel.RoPE;
import io.symoe.accelerators.tensor.FloatTensor;
import io.symoe.accelerators.tensor.Matrix;
import io.symoe.accelerators.tensor.Quantizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each OpenCL kernel against the CPU backend on random data (skipped with the reason when OpenCL is absent). */
class OpenClBackendTest {
    private static Parallel pool;
    private static CpuBackend cpu;

    @BeforeAll
    static void start() {
        pool = new Parallel(2);
        cpu = new CpuBackend(pool);
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    @Test
    void listsPlatformsAndRejectsMissingDevice() {
        try (OpenClBackend b = OpenClAvailability.openOrSkip(OpenClSelection.DEFAULT, pool)) {
            assertFalse(OpenClBackend.devices().isEmpty());
            assertTrue(b.name().startsWith("opencl:"), b.name());
        }
        var e = assertThrows(OpenClUnavailableException.class, () -> new OpenClBackend(new OpenClSelection(0, 999, false), pool));
        assertTrue(e.getMessage().contains("device 999"), e.getMessage());
        e = assertThrows(OpenClUnavailableException.class, () -> new OpenClBackend(new OpenClSelection(999, 0, false), pool));
        assertTrue(e.getMessage().contains("platform 999"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = GGMLType.class, names = {"F32", "Q8_0", "Q4_0"})
    void matmulMatchesCpu(GGMLType type) {
        int rows = 48, cols = 256, n = 5, experts = 3;
        Random r = new Random(7);
        float[] values = new float[experts * rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) r.nextGaussian();
        }
        try (Arena arena = Arena.ofShared(); OpenClBackend ocl = OpenClAvailability.openOrSkip(OpenClSelection.DEFAULT, pool)) {
            byte[] bytes = Quantizer.quantize(type, values);
            MemorySegment seg = arena.allocate(bytes.length).copyFrom(MemorySegment.ofArray(bytes));
            FloatTensor t = FloatTensor.of(type, seg, values.length);
            Matrix all = new Matrix(t, 0, experts * rows, cols);
            Matrix e1 = all.slice(1, experts), e2 = all.slice(2, experts); // offsets into one uploaded tensor
            float[][] x = new float[n][cols];
            for (float[] row : x) {
                for (int i = 0; i < cols; i++) {
                    row[i] = (float) r.nextGaussian();
                }
            }
            float[][][] got = {new float[n][rows], new float[n][rows]};
            ocl.matmul(new Matrix[]{e1, e2}, x, got, n);
            // the CPU backend quantises activations to Q8_0 for Q8_0/Q4_0 weights as llama.cpp does; so does the
            // device, so the two agree to float summation order
            float[][][] want = {new float[n][rows], new float[n][rows]};
            cpu.matmul(new Matrix[]{e1, e2}, x, want, n);
            for (int m = 0; m < 2; m++) {
                for (int t2 = 0; t2 < n; t2++) {
                    assertArrayEquals(want[m][t2], got[m][t2], 1e-3f, type + " matrix " + m + " token " + t2);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = GGMLType.class, names = {"F32", "Q8_0", "Q4_0"})
    void deviceMoeMatchesHostGroupedMoe(GGMLType type) {
        int dim = 64, ffn = 96, experts = 6, k = 2;
        Random r = new Random(11);
        try (Arena arena = Arena.ofShared(); OpenClBackend ocl = OpenClAvailability.openOrSkip(OpenClSelection.DEFAULT, pool)) {
            ExpertWeights m = new ExpertWeights(matrix(arena, GGMLType.F32, experts, dim, r), matrix(arena, type, experts * ffn, dim, r),
                    matrix(arena, type, experts * ffn, dim, r), matrix(arena, type, experts * dim, ffn, r), experts);
            // 7 tokens: one work-item per (row, slot); 20 tokens (40 slots >= 4 per expert): grouped by expert
            for (int n : new int[]{7, 20}) {
                float[][] x = randomRows(r, n, dim);
                for (boolean normalize : new boolean[]{false, true}) {
                    float[][] want = new float[n][dim], got = new float[n][dim];
                    cpu.moe(m, x, want, k, normalize, n);
                    ocl.moe(m, x, got, k, normalize, n);
                    for (int t = 0; t < n; t++) {
                        assertArrayEquals(want[t], got[t], 1e-3f, type + " token " + t + " of " + n);
                    }
                }
            }
            assertEquals(4, ocl.deviceMoeCalls(), "the fused device path ran");
        }
    }

    @ParameterizedTest
    @EnumSource(value = GGMLType.class, names = {"F32", "Q8_0", "Q4_0"})
    void deviceFfnBlockMatchesHost(GGMLType type) {
        int dim = 64, ffn = 96, n = 3;
        Random r = new Random(13);
        try (Arena arena = Arena.ofShared(); OpenClBackend ocl = OpenClAvailability.openOrSkip(OpenClSelection.DEFAULT, pool)) {
            Matrix gate = matrix(arena, type, ffn, dim, r), up = matrix(arena, type, ffn, dim, r), down = matrix(arena, type, dim, ffn, r);
            float[][] x = randomRows(r, n, dim), want = new float[n][dim], got = new float[n][dim];
            cpu.ffnBlock(gate, up, down, x, want, n);
            ocl.ffnBlock(gate, up, down, x, got, n);
            for (int t = 0; t < n; t++) {
                assertArrayEquals(want[t], got[t], 1e-3f, type + " token " + t);
            }
        }
    }

    /**
     * The device attention block against the host composition: GQA (4 heads over 2 kv heads), both RoPE
     * orderings, with biases and q/k norms, a 5-token prefill of one sequence then a batched step over two
     * sequences (two device caches), and the host cache arrays kept equal.
     */
    @ParameterizedTest
    @EnumSource(RoPE.Ordering.class)
    void deviceAttentionBlockMatchesHost(RoPE.Ordering ordering) {
        int dim = 64, heads = 4, kvHeads = 2, hs = 16, ctx = 16;
        AttentionShape shape = new AttentionShape(heads, kvHeads, hs);
        Random r = new Random(5);
        RoPE rope = new RoPE(ordering, hs, ctx, 10000f);
        try (Arena arena = Arena.ofShared(); OpenClBackend ocl = OpenClAvailability.openOrSkip(OpenClSelection.DEFAULT, pool)) {
            AttentionWeights a = new AttentionWeights(matrix(arena, GGMLType.Q8_0, heads * hs, dim, r),
                    matrix(arena, GGMLType.Q4_0, kvHeads * hs, dim, r), matrix(arena, GGMLType.F32, kvHeads * hs, dim, r),
                    matrix(arena, GGMLType.Q8_0, dim, heads * hs, r), randomRows(r, 1, heads * hs)[0],
                    randomRows(r, 1, kvHeads * hs)[0], randomRows(r, 1, kvHeads * hs)[0], randomRows(r, 1, heads * hs)[0],
                    randomRows(r, 1, kvHeads * hs)[0]);
            float[][] cpuCaches = new float[4][ctx * kvHeads * hs], oclCaches = new float[4][ctx * kvHeads * hs];
            // sequence A: prefill positions 0..4; sequence B: position 0
            runBoth(a, rope, shape, randomRows(r, 5, dim), new int[]{0, 1, 2, 3, 4}, new int[]{0, 0, 0, 0, 0}, cpuCaches, oclCaches, ocl);
            runBoth(a, rope, shape, randomRows(r, 1, dim), new int[]{0}, new int[]{1}, cpuCaches, oclCaches, ocl);
            // one batched decode step: A at 5, B at 1
            runBoth(a, rope, shape, randomRows(r, 2, dim), new int[]{5, 1}, new int[]{0, 1}, cpuCaches, oclCaches, ocl);
            for (int c = 0; c < 4; c++) {
                assertArrayEquals(cpuCaches[c], oclCaches[c], 1e-3f, "host cache array " + c);
            }
            assertEquals(3, ocl.deviceAttentionCalls());
        }
    }

    /** seq[t] picks token t's sequence (0 = A, 1 = B); caches are {A keys, A values, B keys, B values}. */
    private static void runBoth(AttentionWeights a, RoPE rope, AttentionShape shape, float[][] x, int[] positions, int[] seq,
                                float[][] cpuCaches, float[][] oclCaches, OpenClBackend ocl) {
        int n = x.length, dim = x[0].length;
        float[][] want = new float[n][dim], got = new float[n][dim];
        cpu.attentionBlock(a, rope, x, pick(cpuCaches, seq, 0), pick(cpuCaches, seq, 1), positions, want, shape, 1e-5f, n);
        ocl.attentionBlock(a, rope, x, pick(oclCaches, seq, 0), pick(oclCaches, seq, 1), positions, got, shape, 1e-5f, n);
        for (int t = 0; t < n; t++) {
            assertArrayEquals(want[t], got[t], 2e-3f, "token " + t + " at " + positions[t]);
        }
    }

    private static float[][] pick(float[][] caches, int[] seq, int kv) {
        float[][] out = new float[seq.length][];
        for (int t = 0; t < seq.length; t++) {
            out[t] = caches[seq[t] * 2 + kv];
        }
        return out;
    }

    private static Matrix matrix(Arena arena, GGMLType type, int rows, int cols, Random r) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian() * 0.3f;
        }
        byte[] bytes = Quantizer.quantize(type, v);
        MemorySegment seg = arena.allocate(bytes.length).copyFrom(MemorySegment.ofArray(bytes));
        return new Matrix(FloatTensor.of(type, seg, v.length), 0, rows, cols);
    }

    @Test
    void normSwigluAndRoutingMatchCpu() {
        int n = 4, dim = 64, experts = 8, k = 2;
        Random r = new Random(3);
        float[][] x = randomRows(r, n, dim);
        float[] w = randomRows(r, 1, dim)[0];
        for (boolean fpga : new boolean[]{false, true}) {
            try (OpenClBackend ocl = OpenClAvailability.openOrSkip(new OpenClSelection(0, 0, fpga), pool)) {
                float[][] want = new float[n][dim], got = new float[n][dim];
                cpu.rmsNorm(want, x, w, dim, 1e-5f, n);
                ocl.rmsNorm(got, x, w, dim, 1e-5f, n);
                for (int t = 0; t < n; t++) {
                    assertArrayEquals(want[t], got[t], 1e-5f);
                }
                float[][] g1 = copy(x), g2 = copy(x), u = randomRows(r, n, dim);
                cpu.swiglu(g1, u, dim, n);
                ocl.swiglu(g2, u, dim, n);
                for (int t = 0; t < n; t++) {
                    assertArrayEquals(g1[t], g2[t], 1e-5f);
                }
                float[][] logits = randomRows(r, n, experts);
                for (boolean normalize : new boolean[]{false, true}) {
                    float[][] l1 = copy(logits), l2 = copy(logits);
                    TopK a = cpu.routeTopK(l1, k, normalize, n);
                    TopK b = ocl.routeTopK(l2, k, normalize, n);
                    for (int t = 0; t < n; t++) {
                        assertArrayEquals(a.experts()[t], b.experts()[t], "token " + t + " fpga " + fpga);
                        assertArrayEquals(a.weights()[t], b.weights()[t], 1e-6f);
                        assertArrayEquals(l1[t], l2[t], 1e-6f);
                    }
                }
                assertEquals(0, ocl.uploadedBytes()); // only vectors so far, no weight matrices
            }
        }
    }

    private static float[][] randomRows(Random r, int n, int width) {
        float[][] x = new float[n][width];
        for (float[] row : x) {
            for (int i = 0; i < width; i++) {
                row[i] = (float) r.nextGaussian();
            }
        }
        return x;
    }

    private static float[][] copy(float[][] x) {
        float[][] y = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i].clone();
        }
        return y;
    }
}
