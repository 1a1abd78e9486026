package io.symoe.accelerators.tensor;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * An activation vector quantised the way llama.cpp's CPU backend quantises the right-hand side of a matmul with
 * quantised weights (the weight type's {@code vec_dot_type}): Q8_0 blocks of 32 with an f16 scale for Q8_0/Q4_0
 * weights, Q8_K blocks of 256 with an f32 scale for k-quants. Matching it is what brings symoe's logits for
 * quantised models to llama.cpp's within a fraction of a percent, rather than the few percent that float
 * activations give. The integer quants are kept as floats (products of two int8 values summed over a block
 * stay exact in float, so kernels can use float FMAs) and, for Q8_0, also as bytes ({@link #bytes}) for the
 * int8 × int8 dot products of the Q8_0 kernel.
 */
public final class QuantizedActivation {
    final float[] q;
    final float[] scales;
    final int blockSize;
    /** The Q8_0 quants as int8 (each |q| ≤ 127), null for Q8_K. */
    final byte[] bytes;
    /**
     * The same quants widened to int16 once per activation, null for Q8_K: the int8 kernels multiply on shorts, and
     * every weight row of a matvec reads the whole activation, so widening it per row repeated the same work rows times.
     */
    final short[] shorts;
    /**
     * Per Q8_0 block, lane l &lt; 16: 8 · (q[l] + q[l + 16]), null for Q8_K. The Q4_0 kernel multiplies the raw
     * nibbles and subtracts this once, Σ (lo − 8)·q_l + (hi − 8)·q_h = Σ lo·q_l + hi·q_h − 8·(q_l + q_h), instead
     * of subtracting 8 from every nibble (the same integer per lane).
     */
    final short[] nibbleBias;

    private QuantizedActivation(float[] q, float[] scales, int blockSize, byte[] bytes, short[] shorts,
                                short[] nibbleBias) {
        this.q = q;
        this.scales = scales;
        this.blockSize = blockSize;
        this.bytes = bytes;
        this.shorts = shorts;
        this.nibbleBias = nibbleBias;
    }

    private QuantizedActivation(float[] q, float[] scales, int blockSize, byte[] bytes) {
        this.q = q;
        this.scales = scales;
        this.blockSize = blockSize;
        this.bytes = bytes;
        if (bytes == null) {
            this.shorts = null;
            this.nibbleBias = null;
        } else {
            this.shorts = new short[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                shorts[i] = bytes[i];
            }
            this.nibbleBias = new short[bytes.length / 2];
            for (int b = 0; b < bytes.length / 32; b++) {
                for (int l = 0; l < 16; l++) {
                    nibbleBias[b * 16 + l] = (short) (8 * (bytes[b * 32 + l] + bytes[b * 32 + 16 + l]));
                }
            }
        }
    }

    /**
     * Q8_0 as quantize_row_q8_0 (x86 path): d = amax/127 stored as f16, q = round-to-nearest-even(x·127/amax).
     * With 16 float lanes a block is two vectors, and the quants, their bytes, shorts and nibble biases come out of
     * one pass ({@link #q8_0Vector}); {@link #q8_0Reference} is the scalar definition (QuantizedActivationTest
     * holds them equal, every array bit for bit).
     */
    public static QuantizedActivation q8_0(float[] x, int n) {
        return F.length() == 16 && n % 32 == 0 ? q8_0Vector(x, n) : q8_0Reference(x, n);
    }

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /**
     * 1.5 · 2^23: for |p| < 2^22, (p + M) − M is p rounded to the nearest integer, ties to even (the sum's ulp is
     * 1 and float addition rounds to nearest even), i.e. Math.rint but for the sign of a zero result.
     */
    private static final float ROUND = 12582912f;
    private static final int SIGN = 0x80000000;

    /**
     * {@link #q8_0Reference} on 16 float lanes. amax is a lane maximum (exact in any order); d, 1/d and the f16
     * round trip are the same scalar operations; q = rint(x · id) by {@link #ROUND} with the sign bit of x · id
     * put back (Math.rint(−0.3) is −0.0), as |x · id| ≤ 127 is far below 2^22.
     */
    static QuantizedActivation q8_0Vector(float[] x, int n) {
        float[] q = new float[n];
        byte[] qb = new byte[n];
        short[] qs = new short[n];
        short[] bias = new short[n / 2];
        float[] scales = new float[n / 32];
        for (int b = 0, j = 0; j < n; b++, j += 32) {
            FloatVector v0 = FloatVector.fromArray(F, x, j), v1 = FloatVector.fromArray(F, x, j + 16);
            float amax = v0.abs().max(v1.abs()).reduceLanes(VectorOperators.MAX);
            float d = amax / 127f;
            float id = amax != 0 ? 127f / amax : 0f;
            scales[b] = Float.float16ToFloat(Float.floatToFloat16(d));
            FloatVector p0 = v0.mul(id), p1 = v1.mul(id);
            FloatVector r0 = p0.add(ROUND).sub(ROUND), r1 = p1.add(ROUND).sub(ROUND);
            r0 = r0.reinterpretAsInts().or(p0.reinterpretAsInts().and(SIGN)).reinterpretAsFloats();
            r1 = r1.reinterpretAsInts().or(p1.reinterpretAsInts().and(SIGN)).reinterpretAsFloats();
            r0.intoArray(q, j);
            r1.intoArray(q, j + 16);
            ((ByteVector) r0.convertShape(VectorOperators.F2B, ByteVector.SPECIES_128, 0)).intoArray(qb, j);
            ((ByteVector) r1.convertShape(VectorOperators.F2B, ByteVector.SPECIES_128, 0)).intoArray(qb, j + 16);
            ((ShortVector) r0.convertShape(VectorOperators.F2S, ShortVector.SPECIES_256, 0)).intoArray(qs, j);
            ((ShortVector) r1.convertShape(VectorOperators.F2S, ShortVector.SPECIES_256, 0)).intoArray(qs, j + 16);
            FloatVector pairs = r0.add(r1).mul(8f);
            ((ShortVector) pairs.convertShape(VectorOperators.F2S, ShortVector.SPECIES_256, 0)).intoArray(bias, b * 16);
        }
        return new QuantizedActivation(q, scales, 32, qb, qs, bias);
    }

    /** Q8_0, scalar: the definition {@link #q8_0Vector} is tested against. */
    static QuantizedActivation q8_0Reference(float[] x, int n) {
        float[] q = new float[n];
        byte[] qb = new byte[n];
        float[] scales = new float[n / 32];
        for (int b = 0; b < n / 32; b++) {
            float amax = 0;
            for (int j = 0; j < 32; j++) {
                amax = Math.max(amax, Math.abs(x[b * 32 + j]));
            }
            float d = amax / 127f;
            float id = amax != 0 ? 127f / amax : 0f;
            scales[b] = Float.float16ToFloat(Float.floatToFloat16(d));
            for (int j = 0; j < 32; j++) {
                q[b * 32 + j] = (float) Math.rint(x[b * 32 + j] * id);
                qb[b * 32 + j] = (byte) q[b * 32 + j];
            }
        }
        return new QuantizedActivation(q, scales, 32, qb);
    }

    /** Q8_K as quantize_row_q8_K_ref: scale by the signed extreme, q = min(127, nearest(-127/max · x)), d = 1/iscale. */
    public static QuantizedActivation q8_K(float[] x, int n) {
        float[] q = new float[n];
        float[] scales = new float[n / 256];
        for (int b = 0; b < n / 256; b++) {
            float amax = 0, max = 0;
            for (int j = 0; j < 256; j++) {
                float ax = Math.abs(x[b * 256 + j]);
                if (ax > amax) {
                    amax = ax;
                    max = x[b * 256 + j];
                }
            }
            if (amax == 0) {
                scales[b] = 0;
                continue;
            }
            float iscale = -127f / max; // ggml uses -127 (not -128) so the AVX IQ2 kernels stay simple
            for (int j = 0; j < 256; j++) {
                q[b * 256 + j] = (float) Math.min(127, Math.rint(iscale * x[b * 256 + j]));
            }
            scales[b] = 1f / iscale;
        }
        return new QuantizedActivation(q, scales, 256, null);
    }

    /**
     * The quantised values as floats (q · d), for batched matmuls that dot a dequantised weight row with several
     * activations. q · d is exact in float for Q8_0 (8-bit q, 11-bit f16 d); the products with weights then differ
     * from ggml's integer-sum-then-scale only by float rounding, far below the activation quantisation itself.
     */
    public float[] dequantized() {
        float[] v = new float[q.length];
        for (int i = 0; i < q.length; i++) {
            v[i] = q[i] * scales[i / blockSize];
        }
        return v;
    }

    /** The integer quants as floats (shared, not a copy: read only). */
    public float[] quants() {
        return q;
    }

    /** One scale per block (shared, not a copy: read only). */
    public float[] scales() {
        return scales;
    }

    public int blockSize() {
        return blockSize;
    }
}
