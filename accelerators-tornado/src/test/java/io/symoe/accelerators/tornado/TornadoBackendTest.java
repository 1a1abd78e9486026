package io.symoe.accelerators.tornado;

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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each TornadoVM kernel against the CPU backend on random data (skipped with the reason when TornadoVM's runtime
 * cannot start). Both quantise the activations of Q8_0/Q4_0 matmuls to Q8_0 blocks, so they agree to float rounding.
 */
class TornadoBackendTest {
    private static Parallel pool;
    private static CpuBackend cpu;
    private static Arena arena;

    @BeforeAll
    static void start() {
        pool = new Parallel(2);
        cpu = new CpuBackend(pool);
        arena = Arena.ofShared();
    }

    @AfterAll
    static void stop() {
        arena.close();
        pool.close();
    }

    private static float[][] gaussian(Random r, int n, int width) {
        float[][] x = new float[n][width];
        for (float[] row : x) {
            for (int i = 0; i < width; i++) {
                row[i] = (float) r.nextGaussian();
            }
        }
        return x;
    }

    private static FloatTensor tensor(GGMLType type, Random r, int size) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) r.nextGaussian() * 0.1f;
        }
        byte[] bytes = Quantizer.quantize(type, values);
        MemorySegment seg = arena.allocate(bytes.length).copyFrom(MemorySegment.ofArray(bytes));
        return FloatTensor.of(type, seg, size);
    }

    private static void assertClose(float[][] want, float[][] got, double relTol) {
        double max = 0, diff = 0;
        for (int t = 0; t < want.length; t++) {
            for (int i = 0; i < want[t].length; i++) {
                max = Math.max(max, Math.abs(want[t][i]));
                diff = Math.max(diff, Math.abs(want[t][i] - got[t][i]));
            }
        }
        assertTrue(diff <= relTol * Math.max(max, 1e-6), "max |diff| " + diff + " of max " + max);
    }

    @ParameterizedTest
    @EnumSource(value = GGMLType.class, names = {"F32", "Q8_0", "Q4_0"})
    void matmulOverExpertSlicesMatchesCpu(GGMLType type) {
        int rows = 48, cols = 256, n = 5, experts = 3;
        Random r = new Random(7);
        Matrix all = new Matrix(tensor(type, r, experts * rows * cols), 0, experts * rows, cols);
        Matrix e2 = all.slice(2, experts); // an offset into one uploaded tensor
        float[][] x = gaussian(r, n, cols);
        float[][] want = new float[n][rows], got = new float[n][rows];
        cpu.matmul(new Matrix[]{e2}, x, new float[][][]{want}, n);
        try (TornadoBackend b = TornadoAvailability.openOrSkip(pool)) {
            b.matmul(new Matrix[]{e2}, x, new float[][][]{got}, n);
        }
        assertClose(want, got, 1e-5);
    }

    @Test
    void rmsNormRopeSwigluMatchCpu() {
        Random r = new Random(3);
        int n = 3, heads = 4, hs = 16, dim = heads * hs;
        float[][] x = gaussian(r, n, dim);
        float[] w = gaussian(r, 1, dim)[0];
        int[] positions = {0, 5, 9};
        try (TornadoBackend b = TornadoAvailability.openOrSkip(pool)) {
            float[][] want = new float[n][dim], got = new float[n][dim];
            cpu.rmsNorm(want, x, w, dim, 1e-5f, n);
            b.rmsNorm(got, x, w, dim, 1e-5f, n);
            assertClose(want, got, 1e-5);
            for (RoPE.Ordering ordering : RoPE.Ordering.values()) {
                RoPE rope = new RoPE(ordering, hs, 16, 10000f);
                float[][] a = gaussian(new Random(5), n, dim), c = gaussian(new Random(5), n, dim);
                cpu.rope(rope, a, heads, hs, positions, n);
                b.rope(rope, c, heads, hs, positions, n);
                assertClose(a, c, 1e-5);
            }
            float[][] g1 = gaussian(new Random(9), n, dim), u = gaussian(new Random(10), n, dim);
            float[][] g2 = gaussian(new Random(9), n, dim);
            cpu.swiglu(g1, u, dim, n);
            b.swiglu(g2, u, dim, n);
            assertClose(g1, g2, 1e-5);
        }
    }

    @Test
    void routingPicksTheSameExperts() {
        Random r = new Random(11);
        int n = 4, experts = 8, k = 2;
        float[][] a = gaussian(r, n, experts), c = new float[n][];
        for (int t = 0; t < n; t++) {
            c[t] = a[t].clone();
        }
        try (TornadoBackend b = TornadoAvailability.openOrSkip(pool);
             TornadoBackend singlePass = new TornadoBackend(pool, true)) {
            for (TornadoBackend backend : new TornadoBackend[]{b, singlePass}) {
                for (boolean normalize : new boolean[]{false, true}) {
                    float[][] l = new float[n][], h = new float[n][];
                    for (int t = 0; t < n; t++) { // both overwrite the logits with the probabilities
                        l[t] = c[t].clone();
                        h[t] = c[t].clone();
                    }
                    TopK want = cpu.routeTopK(h, k, normalize, n);
                    TopK got = backend.routeTopK(l, k, normalize, n);
                    for (int t = 0; t < n; t++) {
                        assertArrayEquals(want.experts()[t], got.experts()[t], backend.name());
                        assertArrayEquals(want.weights()[t], got.weights()[t], 1e-6f, backend.name());
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = GGMLType.class, names = {"F32", "Q8_0", "Q4_0"})
    void moeBlockMatchesCpu(GGMLType type) {
        Random r = new Random(13);
        int dim = 64, hidden = 96, experts = 4, k = 2, n = 5;
        ExpertWeights m = new ExpertWeights(
                new Matrix(tensor(GGMLType.F32, r, experts * dim), 0, experts, dim),
                new Matrix(tensor(type, r, experts * hidden * dim), 0, experts * hidden, dim),
                new Matrix(tensor(type, r, experts * hidden * dim), 0, experts * hidden, dim),
                new Matrix(tensor(type, r, experts * dim * hidden), 0, experts * dim, hidden), experts);
        float[][] x = gaussian(r, n, dim);
        float[][] want = new float[n][dim], got = new float[n][dim];
        cpu.moe(m, x, want, k, true, n);
        try (TornadoBackend b = TornadoAvailability.openOrSkip(pool)) {
            b.moe(m, x, got, k, true, n);
            assertEquals(1, b.deviceMoeCalls());
        }
        assertClose(want, got, 1e-4);
    }

    /** {@code --backend tornado}: BackendSpec.Tornado finds this module's backend on the class path. */
    @Test
    void backendSpecLoadsThisBackend() {
        try (var b = new io.symoe.accelerators.backend.BackendSpec.Tornado().open(pool)) {
            assertTrue(b instanceof TornadoBackend, b.getClass().getName());
            assertEquals("tornado", b.name());
        }
        try (var b = new io.symoe.accelerators.backend.BackendSpec.Tornado(true).open(pool)) {
            assertEquals("tornado:fpga-friendly", b.name());
        }
    }

    /** The kernels' F32-arithmetic F16 rounding against the JDK's conversion, normal and subnormal range. */
    @Test
    void roundToHalfMatchesTheJdksFloat16Rounding() {
        Random r = new Random(17);
        for (int i = 0; i < 200_000; i++) {
            float v = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(9) - 7));
            float want = Float.float16ToFloat(Float.floatToFloat16(v));
            assertEquals(want, TornadoKernels.roundToHalf(v), 0f, () -> "v = " + v);
        }
    }

    @Test
    void capacityIsThePowerOfTwoAtOrAboveTheTokenCount() {
        assertEquals(1, TornadoBackend.capacity(1));
        assertEquals(2, TornadoBackend.capacity(2));
        assertEquals(4, TornadoBackend.capacity(3));
        assertEquals(4, TornadoBackend.capacity(4));
        assertEquals(8, TornadoBackend.capacity(5));
        assertEquals(64, TornadoBackend.capacity(33));
    }
}
