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

/** ggml Q8_0 (block_q8_0): f16 scale d, 32 int8 quants; x = d * q. */
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
     * adjacent short lanes added into 8 ints ((w &lt;&lt; 16 &gt;&gt; 16) + (w &gt;&gt; 16) of the int w holding two shorts: their
     * sum can pass a short, so both are sign-extended first), one int → float conversion and one 8-lane FMA with
     * d_w·d_x per block. 256-bit short vectors measured 1.34× the GB/s of 512-bit ones (one B2S to 32 shorts, two
     * S2I halves) on this AMD EPYC (4096² matvec, one thread, 17.0 vs 12.7 GB/s), and they exist on AVX2 too
     * (12.2 GB/s there against the float path's 9.0); the pair sum replaced a 512-bit S2I, I2F and FMA per
     * block (Q4_0Tensor's kernel gained 1.2× from the same change). Exact: every lane holds an exact integer;
     * only the float accumulation order differs from the float path (8 lanes; MatMul's batched block dots sum
     * block by block instead, see MatMul.blockRows). Other vector shapes keep the float path.
     */
    private static final boolean INT8_DOT = (F_SPECIES.length() == 16 || F_SPECIES.length() == 8)
            && !Boolean.getBoolean("symoe.q8_0.float-dot");
    private static final VectorSpecies<Byte> B128 = ByteVector.SPECIES_128;
    private static final VectorSpecies<Short> S256 = ShortVector.SPECIES_256;
    private static final VectorSpecies<Float> F256 = FloatVector.SPECIES_256;

    /**
     * One loop body with no helper taking or returning a vector: a vector that crosses a call C2 did not inline
     * is boxed, and in the full engine (where these methods are compiled in a different order than in a
     * microbenchmark) that made decode 1.3-1.7x slower.
     */
    private float int8Dot(long offset, short[] xw, float[] xs, int n, float[] lanes) {
        FloatVector acc = FloatVector.zero(F256);
        long blockOff = offset / BLOCK * BLOCK_BYTES;
        for (int j = 0; j < n; j += BLOCK, blockOff += BLOCK_BYTES) {
            ShortVector w0 = (ShortVector) ByteVector.fromMemorySegment(B128, segment, blockOff + 2, ByteOrder.LITTLE_ENDIAN)
                    .convertShape(VectorOperators.B2S, S256, 0);
            ShortVector w1 = (ShortVector) ByteVector.fromMemorySegment(B128, segment, blockOff + 18, ByteOrder.LITTLE_ENDIAN)
                    .convertShape(VectorOperators.B2S, S256, 0);
            ShortVector x0 = ShortVector.fromArray(S256, xw, j);
            ShortVector x1 = ShortVector.fromArray(S256, xw, j + 16);
            // w[0..16)·x[0..16) + w[16..32)·x[16..32) lane-wise: |sum| ≤ 2·127² fits a short
            IntVector p = w0.mul(x0).add(w1.mul(x1)).reinterpretAsInts();
            FloatVector d = FloatVector.broadcast(F256, half(blockOff) * xs[j / BLOCK]);
            acc = ((FloatVector) p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16)
                    .add(p.lanewise(VectorOperators.ASHR, 16)).convert(VectorOperators.I2F, 0)).fma(d, acc);
        }
        acc.intoArray(lanes, 0); // toArray() allocated per row (see BlockScales.lanes)
        return Lanes.sum8(lanes, 0);
    }

    /**
     * {@link #int8Dot} for four consecutive rows at once (16 float lanes): each block's activation shorts are
     * loaded once for the four rows, the rows' combined scales d_w · d_x come prepared in {@code sc} (row r's
     * block k at r · nb + k, see {@link BlockScales}, as is {@code lanes}), and four independent FMA chains hide
     * the FMA latency that the one-row loop waits on. Per row the operations and their order are int8Dot's, so
     * the results are its bits.
     */
    private void int8Dot4(long offset, float[] sc, float[] lanes, short[] xw, int n, float[] out, int o) {
        FloatVector acc0 = FloatVector.zero(F256);
        FloatVector acc1 = FloatVector.zero(F256);
        FloatVector acc2 = FloatVector.zero(F256);
        FloatVector acc3 = FloatVector.zero(F256);
        int nb = n / BLOCK;
        long rowBytes = (long) nb * BLOCK_BYTES;
        long b0 = offset / BLOCK * BLOCK_BYTES;
        for (int j = 0, k = 0; j < n; j += BLOCK, b0 += BLOCK_BYTES, k++) {
            ShortVector x0 = ShortVector.fromArray(S256, xw, j);
            ShortVector x1 = ShortVector.fromArray(S256, xw, j + 16);
            long b1 = b0 + rowBytes, b2 = b1 + rowBytes, b3 = b2 + rowBytes;
            IntVector p0 = ((ShortVector) ByteVector.fromMemorySegment(B128, segment, b0 + 2, ByteOrder.LITTLE_ENDIAN)
                    .convertShape(VectorOperators.B2S, S256, 0)).mul(x0)
                    .add(((ShortVector) ByteVector.fromMemorySegment(B128, segment, b0 + 18, ByteOrder.LITTLE_ENDIAN)
                            .convertShape(VectorOperators.B2S, S256, 0)).mul(x1)).reinterpretAsInts();
            IntVector p1 = ((ShortVector) ByteVector.fromMemorySegment(B128, segment, b1 + 2, ByteOrder.LITTLE_ENDIAN)
                    .convertShape(VectorOperators.B2S, S256, 0)).mul(x0)
                    .add(((ShortVector) ByteVector.fromMemorySegment(B128, segment, b1 + 18, ByteOrder.LITTLE_ENDIAN)
                            .convertShape(VectorOperators.B2S, S256, 0)).mul(x1)).reinterpretAsInts();
            IntVector p2 = ((ShortVector) ByteVector.fromMemorySegment(B128, segment, b2 + 2, ByteOrder.LITTLE_ENDIAN)
                    .convertShape(VectorOperators.B2S, S256, 0)).mul(x0)
                    .add(((ShortVector) ByteVector.fromMemorySegment(B128, segment, b2 + 18, ByteOrder.LITTLE_ENDIAN)
                            .convertShape(VectorOperators.B2S, S256, 0)).mul(x1)).reinterpretAsInts();
            IntVector p3 = ((ShortVector) ByteVector.fromMemorySegment(B128, segment, b3 + 2, ByteOrder.LITTLE_ENDIAN)
                    .convertShape(VectorOperators.B2S, S256, 0)).mul(x0)
                    .add(((ShortVector) ByteVector.fromMemorySegment(B128, segment, b3 + 18, ByteOrder.LITTLE_ENDIAN)
                            .convertShape(VectorOperators.B2S, S256, 0)).mul(x1)).reinterpretAsInts();
            acc0 = ((FloatVector) p0.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16)
                    .add(p0.lanewise(VectorOperators.ASHR, 16)).convert(VectorOperators.I2F, 0))
                    .fma(FloatVector.broadcast(F256, sc[k]), acc0);
            acc1 = ((FloatVector) p1.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16)
                    .add(p1.lanewise(VectorOperators.ASHR, 16)).convert(VectorOperators.I2F, 0))
                    .fma(FloatVector.broadcast(F256, sc[nb + k]), acc1);
            acc2 = ((FloatVector) p2.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16)
                    .add(p2.lanewise(VectorOperators.ASHR, 16)).convert(VectorOperators.I2F, 0))
                    .fma(FloatVector.broadcast(F256, sc[2 * nb + k]), acc2);
            acc3 = ((FloatVector) p3.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16)
                    .add(p3.lanewise(VectorOperators.ASHR, 16)).convert(VectorOperators.I2F, 0))
                    .fma(FloatVector.broadcast(F256, sc[3 * nb + k]), acc3);
        }
        acc0.intoArray(lanes, 0);
        acc1.intoArray(lanes, 8);
        acc2.intoArray(lanes, 16);
        acc3.intoArray(lanes, 24);
        BlockScales.sumFour(lanes, out, o);
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
    public void unpackBlocks(long offset, float[] quants, int quantsOffset, float[] scales, int n) {
        checkRange(offset, n);
        checkBlocks(GGMLType.Q8_0, offset, n);
        long blockOff = offset / BLOCK * BLOCK_BYTES;
        for (int j = 0; j < n; j += BLOCK, blockOff += BLOCK_BYTES) {
            scales[j / BLOCK] = half(blockOff);
            for (int p = 0; p < PARTS; p++) {
                weights(blockOff, p).intoArray(quants, quantsOffset + j + p * F_SPECIES.length());
            }
        }
    }

    @Override
    public ActivationFormat activationFormat() {
        return ActivationFormat.Q8_0;
    }

    @Override
    public void dotRows(long offset, int rows, QuantizedActivation x, int n, float[] out, int outOffset) {
        if (!(INT8_DOT && x.bytes != null)) {
            super.dotRows(offset, rows, x, n, out, outOffset);
            return;
        }
        checkRange(offset, (long) rows * n);
        checkBlocks(GGMLType.Q8_0, offset, n);
        int nb = n / BLOCK;
        boolean fourRows = F_SPECIES.length() == 16 && (long) nb * BLOCK_BYTES <= BlockScales.FOUR_ROW_MAX_ROW_BYTES;
        BlockScales scales = BlockScales.local(fourRows ? 4 * nb : 0);
        int i = 0;
        for (; fourRows && i + 4 <= rows; i += 4) {
            long first = (offset + (long) i * n) / BLOCK * BLOCK_BYTES;
            for (int r = 0; r < 4; r++) {
                scales.prepare(segment, first + r * (long) nb * BLOCK_BYTES, BLOCK_BYTES, nb, x.scales, r * nb);
            }
            int8Dot4(offset + (long) i * n, scales.scales, scales.lanes, x.shorts, n, out, outOffset + i);
        }
        for (; i < rows; i++) {
            out[outOffset + i] = int8Dot(offset + (long) i * n, x.shorts, x.scales, n, scales.lanes);
        }
    }

    /** As ggml_vec_dot_q8_0_q8_0: per block, the exact integer dot times d_w · d_x. */
    @Override
    public float dot(long offset, QuantizedActivation x, int n) {
        checkRange(offset, n);
        checkBlocks(GGMLType.Q8_0, offset, n);
        if (INT8_DOT && x.bytes != null) {
            return int8Dot(offset, x.shorts, x.scales, n, BlockScales.local(0).lanes);
        }
        float[] xq = x.q;
        float[] xs = x.scales;
        // two blocks per iteration into two accumulators: independent FMA chains keep both FMA ports busy
        FloatVector acc0 = FloatVector.zero(F_SPECIES);
        FloatVector acc1 = FloatVector.zero(F_SPECIES);
        long blockOff = offset / BLOCK * BLOCK_BYTES;
        int j = 0;
        for (; j + 2 * BLOCK <= n; j += 2 * BLOCK, blockOff += 2 * BLOCK_BYTES) {
            acc0 = blockDot(blockOff, xq, j).fma(FloatVector.broadcast(F_SPECIES, half(blockOff) * xs[j / BLOCK]), acc0);
            acc1 = blockDot(blockOff + BLOCK_BYTES, xq, j + BLOCK)
                    .fma(FloatVector.broadcast(F_SPECIES, half(blockOff + BLOCK_BYTES) * xs[j / BLOCK + 1]), acc1);
        }
        if (j < n) {
            acc0 = blockDot(blockOff, xq, j).fma(FloatVector.broadcast(F_SPECIES, half(blockOff) * xs[j / BLOCK]), acc0);
        }
        return Lanes.sum((acc0.add(acc1)).toArray());
    }
}
