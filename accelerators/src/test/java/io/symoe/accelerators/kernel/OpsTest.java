package io.symoe.accelerators.kernel;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ggml-order helpers of the CPU attention against plain references written here. */
class OpsTest {
    @Test
    void ggmlExpIsWithinTwoUlpOfExpAndKeepsItsLimits() {
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 100_000; i++) {
            float x = (float) (r.nextDouble() * 170 - 87); // the range where exp(x) is a normal float
            float want = (float) Math.exp(x);
            float got = Ops.ggmlExp(x);
            assertTrue(Math.abs(got - want) <= 2 * Math.ulp(want), () -> "exp(" + x + "): " + got + " vs " + want);
        }
        assertEquals(1f, Ops.ggmlExp(0f));
        assertEquals(0f, Ops.ggmlExp(Float.NEGATIVE_INFINITY));
        assertEquals(0f, Ops.ggmlExp(-500f));
        assertEquals(Float.POSITIVE_INFINITY, Ops.ggmlExp(500f));
        assertTrue(Float.isNaN(Ops.ggmlExp(Float.NaN)));
    }

    /** Element i into accumulator i % 16 by FMA, then halves, quarters, (0 + 2) + (1 + 3): tinyBLAS on AVX-512. */
    private static float sixteenAccumulators(float[] a, float[] b, int n) {
        float[] acc = new float[16];
        for (int i = 0; i < n; i++) {
            acc[i % 16] = Math.fma(a[i], b[i], acc[i % 16]);
        }
        for (int width = 8; width >= 2; width /= 2) {
            for (int l = 0; l < width; l++) {
                acc[l] += acc[l + width];
            }
        }
        return acc[0] + acc[1];
    }

    @Test
    void dot16SumsInTheOrderOfSixteenAccumulatorsOnEveryLength() {
        SplittableRandom r = new SplittableRandom(6);
        for (int n : new int[]{16, 32, 64, 128, 20, 7}) {
            for (int trial = 0; trial < 200; trial++) {
                float[] a = new float[n], b = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (float) r.nextGaussian();
                    b[i] = (float) r.nextGaussian();
                }
                assertEquals(sixteenAccumulators(a, b, n), Ops.dot16(a, 0, b, 0, n), 0f, "n = " + n);
            }
        }
    }
}
