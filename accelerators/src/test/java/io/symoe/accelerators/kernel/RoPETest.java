package io.symoe.accelerators.kernel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RoPETest {
    private static float[] head() {
        return new float[]{1, 2, 3, 4, 5, 6, 7, 8};
    }

    @Test
    void positionZeroIsIdentityAndRotationPreservesPairNorms() {
        RoPE normal = new RoPE(RoPE.Ordering.NORMAL, 8, 16, 10000f);
        float[] x = head();
        normal.apply(x, 1, 8, 0);
        assertArrayEquals(head(), x);
        normal.apply(x, 1, 8, 5);
        assertEquals(1 * 1 + 2 * 2, x[0] * x[0] + x[1] * x[1], 1e-4); // NORMAL rotates (0, 1)
        RoPE neox = new RoPE(RoPE.Ordering.NEOX, 8, 16, 10000f);
        float[] y = head();
        neox.apply(y, 1, 8, 5);
        assertEquals(1 * 1 + 5 * 5, y[0] * y[0] + y[4] * y[4], 1e-4); // NEOX rotates (0, 4)
        // the first pair has theta = pos: a plain rotation by 5 radians
        assertEquals(Math.cos(5) * 1 - Math.sin(5) * 5, y[0], 1e-5);
    }

    @Test
    void frequencyFactorsDivideTheta() {
        RoPE scaled = new RoPE(RoPE.Ordering.NORMAL, 8, 16, 10000f, new float[]{2, 2, 2, 2});
        RoPE plain = new RoPE(RoPE.Ordering.NORMAL, 8, 16, 10000f);
        float[] a = head(), b = head();
        scaled.apply(a, 1, 8, 6);
        plain.apply(b, 1, 8, 3);
        assertArrayEquals(b, a, 1e-5f);
    }
}
