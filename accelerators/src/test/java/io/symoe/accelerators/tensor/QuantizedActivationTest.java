package io.symoe.accelerators.tensor;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The 16-lane Q8_0 activation quantisation against its scalar definition, every array bit for bit. */
class QuantizedActivationTest {
    @Test
    void vectorQ8_0EqualsScalarDefinition() {
        // q8_0 takes the vector path only with 16 float lanes (AVX-512); on AVX2 it quantises with the reference
        assumeTrue(jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length() == 16,
                "the vector Q8_0 quantisation runs on 16 float lanes only; this JVM prefers "
                        + jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length());
        int n = 32 * 64;
        SplittableRandom r = new SplittableRandom(15);
        float[] x = new float[n];
        for (int b = 0; b < n / 32; b++) {
            float scale = (float) Math.pow(10, r.nextDouble(-6, 4));
            for (int j = 0; j < 32; j++) {
                x[b * 32 + j] = (float) (r.nextGaussian() * scale);
            }
        }
        // block 0: amax 127 so id = 1, and exact ties k + 0.5 (to even: 2.5 -> 2, -3.5 -> -4), small negatives (-> -0.0)
        x[0] = 127f;
        float[] ties = {2.5f, -3.5f, 0.5f, -0.5f, 126.5f, -0.3f, -0f, 0f, 1.4999999f, -1.5000001f};
        System.arraycopy(ties, 0, x, 1, ties.length);
        // block 1 all zero (id = 0), block 2 one non-zero value
        for (int j = 32; j < 96; j++) {
            x[j] = 0f;
        }
        x[64 + 7] = -1e-3f;
        // repeated so the last call runs C2's compilation of the vector code, not only the interpreter's
        QuantizedActivation v = null;
        for (int rep = 0; rep < 5_000; rep++) {
            v = QuantizedActivation.q8_0Vector(x, n);
        }
        QuantizedActivation s = QuantizedActivation.q8_0Reference(x, n);
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToRawIntBits(s.q[i]), Float.floatToRawIntBits(v.q[i]), "quant " + i + " of x = " + x[i]);
        }
        assertEquals(-4f, v.q[2]);
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(v.q[6]), "rint(-0.3) is -0.0");
        assertArrayEquals(s.scales, v.scales);
        assertArrayEquals(s.bytes, v.bytes);
        assertArrayEquals(s.shorts, v.shorts);
        assertArrayEquals(s.nibbleBias, v.nibbleBias);
    }
}
