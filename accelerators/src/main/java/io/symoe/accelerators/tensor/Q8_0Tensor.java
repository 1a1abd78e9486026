package io.symoe.accelerators.tensor;

import io.symoe.accelerators.gguf.GGMLType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * ggml Q8_0 (block_q8_0): f16 scale d, 32 int8 quants; x = d * q.
 *
 * <p>Dot products with Q8_0 activations sum a row block by block, {@code acc = fma(isum_b, d_w·d_x, acc)}, one
 * rounding per block, as do ggml's reference vec_dot (with the FMA compilers contract it to), ggml's AMX /
 * AVX512-VNNI kernels (amx/mmq.cpp: what a native llama.cpp build runs for 2-D Q8_0/Q4_0 weights on a CPU with
 * AMX, where the shared reference logits were computed) and symoe's OpenCL kernels. Lane-wise float accumulators
 * (16 here before; 8 in ggml's AVX2 vec_dot and tinyBLAS) differ from that in the last bits, which is harmless
 * until an activation sits within an ulp of a Q8_0 rounding tie: the dense llama reference files have one
 * (layer 1's ffn_down input, token 13, x·127/amax = -48.49999), and rounding it the other way moved the logits
 * of tokens 13-15 by 0.5 % of their range. {@code MatMul}'s batched block dots keep the same order, so decode
 * and prefill give the same bits.
 */
public final class Q8_0Tensor extends FloatTensor {
    private static final int BLOCK = 32;
    private static final int BLOCK_BYTES = 34;
    private static final int PARTS = BLOCK / F_SPECIES.length();
    /**
     * Bytes are loaded as many at a time as there are float lanes, so each load widens 1:1 into a float vector
     * (vpmovsxbd + vcvtdq2ps); converting the halves of one 32-byte load ("part" 1) measured slower.
     */
    private static final VectorSpecies<Byte> B_SPECIES =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, F_SPECIES.length() * 8)));

    /**
     * The int8 × int8 block dot (ggml's vec_dot_q8_0_q8_0): each half of a block's 16 weight bytes and 16
     * activation bytes widened to shorts, multiplied, the two halves added (|w·x| ≤ 2·127² fits a short), then
     * widened to ints and summed to the block's exact integer dot, which one scalar FMA adds to the row's sum
     * with d_w·d_x (the block order of the class comment). 256-bit short vectors measured 1.34× the GB/s of 512-bit ones (one B2S
     * to 32 shorts, two S2I halves) on this AMD EPYC, and they exist on AVX2 too. Other vector shapes keep the
     * float path (same order, same bits).
     */
    private static final boolean INT8_DOT = (F_SPECIES.length() == 16 || F_SPECIES.length() == 8)
            && !Boolean.getBoolean("symoe.q8_0.float-dot");
    private static final VectorSpecies<Byte> B128 = ByteVector.SPECIES_128;
    private static final VectorSpecies<Short> S256 = ShortVector.SPECIES_256;
    private static final VectorSpecies<Integer> I_SPECIES = F_SPECIES.withLanes(int.class);

    /**
     * One loop body with no helper taking or returning a vector: a vector that crosses a call C2 did not inline
     * is boxed, and in the full engine (where these methods are compiled in a different order than in a
     * microbenchmark) that made decode 1.3-1.7x slower.
     */
    private float int8Dot(long offset, short[] xw, float[] xs, int n) {
        float acc = 0;
        long blockOff = offset / BLOCK * BLOCK_BYTES;
        boolean wide = F_SPECIES.length() == 16;
        for (int j = 0; j < n; j += BLOCK, blockOff += BLOCK_BYTES) {
            ShortVector w0 = (ShortVector) ByteVector.fromMemorySegment(B128, segment, blockOff + 2, ByteOrder.LITTLE_ENDIAN)
                    .convertShape(VectorOperators.B2S, S256, 0);
            ShortVector w1 = (ShortVector) ByteVector.fromMemorySegment(B128, segment, blockOff + 18, ByteOrder.LITTLE_ENDIAN)
                    .convertShape(VectorOperators.B2S, S256, 0);
            ShortVector x0 = ShortVector.fromArray(S256, xw, j);
            ShortVector x1 = ShortVector.fromArray(S256, xw, j + 16);
            // w[0..16)·x[0..16) + w[16..32)·x[16..32) lane-wise: |sum| ≤ 2·127² fits a short
            ShortVector p = w0.mul(x0).add(w1.mul(x1));
            IntVector s = (IntVector) p.convertShape(VectorOperators.S2I, I_SPECIES, 0);
            if (!wide) { // 8 int lanes: the 16 sums in two halves
                s = s.add(p.convertShape(VectorOperators.S2I, I_SPECIES, 1));
            }
            acc = Math.fma((float) s.reduceLanes(VectorOperators.ADD), half(blockOff) * xs[j / BLOCK], acc);
        }
        return acc;
    }

    private FloatVector weights(long blockOff, int p) {
        return (FloatVector) ByteVector.fromMemorySegment(B_SPECIES, segment, blockOff + 2 + (long) p * F_SPECIES.length(),
                ByteOrder.LITTLE_ENDIAN).convertShape(VectorOperators.B2F, F_SPECIES, 0);
    }

    Q8_0Tensor(MemorySegment segment, long size) {
        super(segment, size);
    }

    @Override
    public GGMLType type() {
        return GGMLType.Q8_0;
    }

    @Override
    public float get(long index) {
        long block = index / BLOCK;
        long base = block * BLOCK_BYTES;
        return half(base) * segment.get(ValueLayout.JAVA_BYTE, base + 2 + index % BLOCK);
    }

    @Override
    public float dot(long offset, float[] x, int xOffset, int n) {
        checkRange(offset, n);
        checkBlocks(GGMLType.Q8_0, offset, n);
        FloatVector acc = FloatVector.zero(F_SPECIES);
        long blockOff = offset / BLOCK * BLOCK_BYTES;
        for (int j = 0; j < n; j += BLOCK, blockOff += BLOCK_BYTES) {
            FloatVector blockSum = FloatVector.zero(F_SPECIES);
            for (int p = 0; p < PARTS; p++) {
                FloatVector w = weights(blockOff, p);
                blockSum = w.fma(FloatVector.fromArray(F_SPECIES, x, xOffset + j + p * F_SPECIES.length()), blockSum);
            }
            acc = blockSum.fma(FloatVector.broadcast(F_SPECIES, half(blockOff)), acc);
        }
        return Lanes.sum((acc).toArray());
    }

    /** Lane-wise products of one block's int8 quants (exact as floats) with 32 activation quants. */
    private FloatVector blockDot(long blockOff, float[] xq, int j) {
        FloatVector s = FloatVector.zero(F_SPECIES);
        for (int p = 0; p < PARTS; p++) {
            FloatVector w = weights(blockOff, p);
            s = w.fma(FloatVector.fromArray(F_SPECIES, xq, j + p * F_SPECIES.length()), s);
        }
        return s;
    }

    @Override
    public void dequantize(long offset, float[] out, int outOffset, int n) {
        checkRange(offset, n);
        checkBlocks(GGMLType.Q8_0, offset, n);
        long blockOff = offset / BLOCK * BLOCK_BYTES;
        for (int j = 0; j < n; j += BLOCK, blockOff += BLOCK_BYTES) {
            FloatVector d = FloatVector.broadcast(F_SPECIES, half(blockOff));
            for (int p = 0; p < PARTS; p++) {
                weights(blockOff, p).mul(d).intoArray(out, outOffset + j + p * F_SPECIES.length());
            }
        }
    }

    @Override
    public void unpackBlocks(long offset, float[] quants, float[] scales, int n) {
        checkRange(offset, n);
        checkBlocks(GGMLType.Q8_0, offset, n);
        long blockOff = offset / BLOCK * BLOCK_BYTES;
        for (int j = 0; j < n; j += BLOCK, blockOff += BLOCK_BYTES) {
            scales[j / BLOCK] = half(blockOff);
            for (int p = 0; p < PARTS; p++) {
                weights(blockOff, p).intoArray(quants, j + p * F_SPECIES.length());
            }
        }
    }

    @Override
    public ActivationFormat activationFormat() {
        return ActivationFormat.Q8_0;
    }

    /** As ggml_vec_dot_q8_0_q8_0: per block, the exact integer dot times d_w · d_x, summed block by block (class comment). */
    @Override
    public float dot(long offset, QuantizedActivation x, int n) {
        checkRange(offset, n);
        checkBlocks(GGMLType.Q8_0, offset, n);
        if (INT8_DOT && x.bytes != null) {
            return int8Dot(offset, x.shorts, x.scales, n);
        }
        float[] xq = x.q;
        float[] xs = x.scales;
        float acc = 0;
        long blockOff = offset / BLOCK * BLOCK_BYTES;
        for (int j = 0; j < n; j += BLOCK, blockOff += BLOCK_BYTES) {
            // lanes hold exact integers (|sum| < 2^24), so any reduction order gives the block's exact dot
            acc = Math.fma(blockDot(blockOff, xq, j).reduceLanes(VectorOperators.ADD), half(blockOff) * xs[j / BLOCK], acc);
        }
        return acc;
    }
}
