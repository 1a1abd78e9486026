package io.symoe.accelerators.tensor;

import io.symoe.accelerators.gguf.GGMLType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each tensor type's dequantisation against a scalar reference written here from ggml's block layouts, and its
 * Vector-API dot products (float and quantised activations) against scalar sums over that reference.
 */
class DotProductTest {
    private static float[] randomFloats(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextGaussian());
        }
        return x;
    }

    /** Independent scalar dequantisation of ggml blocks. */
    static float[] referenceDequantize(GGMLType type, byte[] data, int n) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        float[] y = new float[n];
        switch (type) {
            case F32 -> b.asFloatBuffer().get(y);
            case F16 -> { for (int i = 0; i < n; i++) y[i] = Float.float16ToFloat(b.getShort(2 * i)); }
            case BF16 -> { for (int i = 0; i < n; i++) y[i] = Float.intBitsToFloat((b.getShort(2 * i) & 0xFFFF) << 16); }
            case Q8_0 -> {
                for (int blk = 0; blk < n / 32; blk++) {
                    float d = Float.float16ToFloat(b.getShort(blk * 34));
                    for (int j = 0; j < 32; j++) y[blk * 32 + j] = d * data[blk * 34 + 2 + j];
                }
            }
            case Q4_0 -> {
                for (int blk = 0; blk < n / 32; blk++) {
                    float d = Float.float16ToFloat(b.getShort(blk * 18));
                    for (int j = 0; j < 16; j++) {
                        int q = data[blk * 18 + 2 + j] & 0xFF;
                        y[blk * 32 + j] = d * ((q & 0xF) - 8);
                        y[blk * 32 + j + 16] = d * ((q >> 4) - 8);
                    }
                }
            }
            case Q6_K -> {
                for (int blk = 0; blk < n / 256; blk++) {
                    int base = blk * 210;
                    float d = Float.float16ToFloat(b.getShort(base + 208));
                    for (int i = 0; i < 256; i++) {
                        // element i: half h = i/128, within it group g = (i%128)/32, lane l = i%32
                        int h = i / 128, g = (i % 128) / 32, l = i % 32;
                        int ql = data[base + 64 * h + l + (g % 2 == 1 ? 32 : 0)] & 0xFF;
                        int low = g < 2 ? ql & 0xF : ql >> 4;
                        int high = ((data[base + 128 + 32 * h + l] & 0xFF) >> (2 * g)) & 3;
                        int sc = data[base + 192 + 8 * h + l / 16 + 2 * g];
                        y[blk * 256 + i] = d * sc * ((low | high << 4) - 32);
                    }
                }
            }
        }
        return y;
    }

    private static byte[] bytesFor(GGMLType type, float[] x, long seed) {
        if (type != GGMLType.Q6_K) {
            return Quantizer.quantize(type, x);
        }
        byte[] data = new byte[(int) type.bytesFor(x.length)];
        new SplittableRandom(seed).nextBytes(data);
        for (int blk = 0; blk < x.length / 256; blk++) { // sane f16 scale
            short d = Float.floatToFloat16(0.01f);
            data[blk * 210 + 208] = (byte) d;
            data[blk * 210 + 209] = (byte) (d >> 8);
        }
        return data;
    }

    @ParameterizedTest
    @EnumSource(GGMLType.class)
    void dequantisationAndDotMatchScalarReference(GGMLType type) {
        int n = 512;
        float[] w = randomFloats(n * 3, 11);
        byte[] data = bytesFor(type, w, 5);
        float[] ref = referenceDequantize(type, data, n * 3);
        FloatTensor t = FloatTensor.of(type, MemorySegment.ofArray(data), n * 3);
        assertEquals(type, t.type());
        float[] deq = new float[n * 3];
        t.dequantize(0, deq, 0, n * 3);
        for (int i = 0; i < n * 3; i++) {
            assertEquals(ref[i], deq[i], 0f, type + " dequantize " + i);
            assertEquals(ref[i], t.get(i), 0f, "get " + i);
        }
        float[] x = randomFloats(n + 7, 3);
        for (int row = 0; row < 3; row++) {
            double expect = 0, mag = 0;
            for (int i = 0; i < n; i++) {
                expect += (double) ref[row * n + i] * x[7 + i];
                mag += Math.abs((double) ref[row * n + i] * x[7 + i]);
            }
            assertEquals(expect, t.dot((long) row * n, x, 7, n), 1e-5 * mag + 1e-6, type + " row " + row);
        }
    }

    @ParameterizedTest
    @EnumSource(value = GGMLType.class, names = {"Q8_0", "Q4_0", "Q6_K"})
    void quantisedActivationDotMatchesScalarReference(GGMLType type) {
        int n = 512;
        byte[] data = bytesFor(type, randomFloats(n, 13), 9);
        float[] ref = referenceDequantize(type, data, n);
        FloatTensor t = FloatTensor.of(type, MemorySegment.ofArray(data), n);
        float[] x = randomFloats(n, 17);
        QuantizedActivation xq = t.activationFormat().quantize(x, n);
        double expect = 0, mag = 0;
        for (int i = 0; i < n; i++) {
            double xi = xq.q[i] * xq.scales[i / xq.blockSize()];
            expect += ref[i] * xi;
            mag += Math.abs(ref[i] * xi);
        }
        assertEquals(expect, t.dot(0, xq, n), 1e-5 * mag, type.name());
        // and the quantised activation is close to the float one
        for (int i = 0; i < n; i++) {
            assertEquals(x[i], xq.q[i] * xq.scales[i / xq.blockSize()], 0.03f * 4);
        }
    }

    /** The multi-row decode kernel gives each row exactly the one-row dot's bits (6 rows: one group of 4 + 2). */
    @ParameterizedTest
    @EnumSource(value = GGMLType.class, names = {"Q8_0", "Q4_0", "Q6_K"})
    void dotRowsEqualsRowByRowDot(GGMLType type) {
        int n = 768, rows = 6;
        byte[] data = bytesFor(type, randomFloats(n * (rows + 1), 23), 29);
        float[] ref = referenceDequantize(type, data, n * (rows + 1));
        FloatTensor t = FloatTensor.of(type, MemorySegment.ofArray(data), (long) n * (rows + 1));
        QuantizedActivation xq = t.activationFormat().quantize(randomFloats(n, 31), n);
        float[] out = new float[rows + 2];
        t.dotRows(n, rows, xq, n, out, 1); // from row 1, into out[1 .. rows]
        assertEquals(0f, out[0]);
        assertEquals(0f, out[rows + 1]);
        for (int r = 0; r < rows; r++) {
            long offset = (long) (r + 1) * n;
            assertEquals(Float.floatToRawIntBits(t.dot(offset, xq, n)), Float.floatToRawIntBits(out[r + 1]),
                    type + " row " + r);
            double expect = 0, mag = 0;
            for (int i = 0; i < n; i++) {
                double p = ref[(int) offset + i] * (double) xq.q[i] * xq.scales[i / xq.blockSize()];
                expect += p;
                mag += Math.abs(p);
            }
            assertEquals(expect, out[r + 1], 1e-5 * mag, type + " row " + r + " against the scalar sum");
        }
    }

    @Test
    void q8_0ActivationFollowsGgmlRounding() {
        float[] x = new float[32];
        x[0] = 127f;
        x[1] = 2.5f;  // ties round to even, as _mm256_round_ps(_MM_ROUND_NEAREST) in quantize_row_q8_0
        x[2] = -3.5f;
        QuantizedActivation q = QuantizedActivation.q8_0(x, 32);
        assertEquals(1f, q.scales[0]);
        assertEquals(127f, q.q[0]);
        assertEquals(2f, q.q[1]);
        assertEquals(-4f, q.q[2]);
    }
}
