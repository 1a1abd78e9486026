package io.symoe.accelerators.tensor;

import io.symoe.accelerators.gguf.GGMLType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorSpecies;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * ggml Q4_0 (block_q4_0): f16 scale d, 16 bytes of nibbles. Element j (j &lt; 16) is the low nibble of byte j,
 * element j + 16 its high nibble; x = d * (nibble - 8) (dequantize_row_q4_0).
 */
public final class Q4_0Tensor extends FloatTensor {
    private static final int BLOCK = 32;
    private static final int BLOCK_BYTES = 18;
    private static final int HALF_PARTS = 16 / F_SPECIES.length();
    private static final VectorSpecies<Integer> I_SPECIES = F_SPECIES.withLanes(int.class);
    private static final VectorSpecies<Byte> B128 = ByteVector.SPECIES_128;
    private static final VectorSpecies<Short> S256 = ShortVector.SPECIES_256;
    private static final VectorSpecies<Float> F256 = FloatVector.SPECIES_256;
    /**
     * The int8 path (ggml's vec_dot_q4_0_q8_0): per block, the 16 packed bytes widened to 16 shorts once, low and
     * high nibbles minus 8 multiplied by the activation's int8 quants on shorts and added (|sum| ≤ 2·8·127 fits a
     * short), then adjacent short lanes added into 8 ints, one int → float conversion and one 8-lane FMA with
     * d_w·d_x. The pair sum is the high half of w + (w &lt;&lt; 16) for the int w holding the two shorts (exact: the
     * low half carries nothing up, and |sum| ≤ 4·8·127 &lt; 2^15): three 256-bit ops where widening 16 shorts to 16
     * ints and converting and accumulating them at 512 bits took six 256-bit halves on AMD EPYC (Zen 4). On that
     * machine it made the four-row kernel 1.2× faster streaming a 3072 × 1024 matrix (2.7 → 2.2 ns per block and
     * row, one thread, 2026-12-04). Integer sums are exact; the float accumulation has 8 lanes, as ggml's AVX2
     * kernel has (their lanes group other elements, so last bits can differ). Shapes: 16 float lanes (AVX-512)
     * or 8 (AVX2); anything else keeps the float path.
     */
    private static final boolean INT8_DOT = (F_SPECIES.length() == 16 || F_SPECIES.length() == 8)
            && !Boolean.getBoolean("symoe.q4_0.float-dot");

    Q4_0Tensor(MemorySegment segment, long size) {
        super(segment, size);
        if (F_SPECIES.length() > 16) {
            throw new IllegalStateException("Q4_0 kernel assumes at most 16 float lanes");
        }
    }

    @Override
    public GGMLType type() {
        return GGMLType.Q4_0;
    }

    @Override
    public float get(long index) {
        long block = index / BLOCK;
        int within = (int) (index % BLOCK);
        long base = block * BLOCK_BYTES;
        int b = segment.get(ValueLayout.JAVA_BYTE, base + 2 + (within & 15)) & 0xFF;
        int q = within < 16 ? (b & 0xF) : (b >>> 4);
        return half(base) * (q - 8);
    }

    @Override
    public float dot(long offset, float[] x, int xOffset, int n) {
        checkRange(offset, n);
        checkBlocks(GGMLType.Q4_0, offset, n);
        FloatVector acc = FloatVector.zero(F_SPECIES);
        long blockOff = offset / BLOCK * BLOCK_BYTES;
        for (int j = 0; j < n; j += BLOCK, blockOff += BLOCK_BYTES) {
            acc = blockDot(blockOff, x, xOffset + j).fma(FloatVector.broadcast(F_SPECIES, half(blockOff)), acc);
        }
        return Lanes.sum((acc).toArray());
    }

    /**
     * One block's unscaled dot: the 32 (nibble - 8) weights at {@code blockOff} against x[xBase .. xBase + 32),
     * lane-wise (the caller scales and reduces). Low nibbles pair with the block's first 16 values, high with the
     * last 16, as ggml packs them.
     */
    private FloatVector blockDot(long blockOff, float[] x, int xBase) {
        int lanes = F_SPECIES.length();
        ByteVector packed = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, segment, blockOff + 2, ByteOrder.LITTLE_ENDIAN);
        FloatVector blockSum = FloatVector.zero(F_SPECIES);
        for (int p = 0; p < HALF_PARTS; p++) {
            IntVector bytes = (IntVector) packed.convertShape(VectorOperators.B2I, I_SPECIES, p);
            blockSum = low(bytes).fma(FloatVector.fromArray(F_SPECIES, x, xBase + p * lanes), blockSum);
            blockSum = high(bytes).fma(FloatVector.fromArray(F_SPECIES, x, xBase + 16 + p * lanes), blockSum);
        }
        return blockSum;
    }

    /** Low nibble - 8 of sign-extended bytes, as floats. */
    private static FloatVector low(IntVector bytes) {
        return (FloatVector) bytes.and(0xF).sub(8).convert(VectorOperators.I2F, 0);
    }

    /** High nibble - 8 (the arithmetic shift's sign bits are masked off). */
    private static FloatVector high(IntVector bytes) {
        return (FloatVector) bytes.lanewise(VectorOperators.ASHR, 4).and(0xF).sub(8).convert(VectorOperators.I2F, 0);
    }

    @Override
    public void dequantize(long offset, float[] out, int outOffset, int n) {
        checkRange(offset, n);
        checkBlocks(GGMLType.Q4_0, offset, n);
        int lanes = F_SPECIES.length();
        long blockOff = offset / BLOCK * BLOCK_BYTES;
        for (int j = 0; j < n; j += BLOCK, blockOff += BLOCK_BYTES) {
            FloatVector d = FloatVector.broadcast(F_SPECIES, half(blockOff));
            ByteVector packed = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, segment, blockOff + 2, ByteOrder.LITTLE_ENDIAN);
            for (int p = 0; p < HALF_PARTS; p++) {
                IntVector bytes = (IntVector) packed.convertShape(VectorOperators.B2I, I_SPECIES, p);
                low(bytes).mul(d).intoArray(out, outOffset + j + p * lanes);
                high(bytes).mul(d).intoArray(out, outOffset + j + 16 + p * lanes);
            }
        }
    }

    @Override
    public void unpackBlocks(long offset, float[] quants, int quantsOffset, float[] scales, int n) {
        checkRange(offset, n);
        checkBlocks(GGMLType.Q4_0, offset, n);
        int lanes = F_SPECIES.length();
        long blockOff = offset / BLOCK * BLOCK_BYTES;
        for (int j = 0; j < n; j += BLOCK, blockOff += BLOCK_BYTES) {
            scales[j / BLOCK] = half(blockOff);
            ByteVector packed = ByteVector.fromMemorySegment(ByteVector.SPECIES_128, segment, blockOff + 2, ByteOrder.LITTLE_ENDIAN);
            for (int p = 0; p < HALF_PARTS; p++) {
                IntVector bytes = (IntVector) packed.convertShape(VectorOperators.B2I, I_SPECIES, p);
                low(bytes).intoArray(quants, quantsOffset + j + p * lanes);
                high(bytes).intoArray(quants, quantsOffset + j + 16 + p * lanes);
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
        checkBlocks(GGMLType.Q4_0, offset, n);
        int nb = n / BLOCK;
        boolean fourRows = F_SPECIES.length() == 16 && (long) nb * BLOCK_BYTES <= BlockScales.FOUR_ROW_MAX_ROW_BYTES;
        BlockScales scales = BlockScales.local(fourRows ? 4 * nb : 0);
        int i = 0;
        for (; fourRows && i + 4 <= rows; i += 4) {
            long first = (offset + (long) i * n) / BLOCK * BLOCK_BYTES;
            for (int r = 0; r < 4; r++) {
                scales.prepare(segment, first + r * (long) nb * BLOCK_BYTES, BLOCK_BYTES, nb, x.scales, r * nb);
            }
            int8Dot4(offset + (long) i * n, scales.scales, scales.lanes, x.shorts, x.nibbleBias, n, out, outOffset + i);
        }
        for (; i < rows; i++) {
            out[outOffset + i] = int8Dot(offset + (long) i * n, x.shorts, x.nibbleBias, x.scales, n, scales.lanes);
        }
    }

    /** As ggml_vec_dot_q4_0_q8_0: per block, the exact integer dot of (nibble - 8) and q_x, times d_w · d_x. */
    @Override
    public float dot(long offset, QuantizedActivation x, int n) {
        checkRange(offset, n);
        checkBlocks(GGMLType.Q4_0, offset, n);
        if (INT8_DOT && x.bytes != null) {
            return int8Dot(offset, x.shorts, x.nibbleBias, x.scales, n, BlockScales.local(0).lanes);
        }
        float[] xq = x.q;
        float[] xs = x.scales;
        FloatVector acc = FloatVector.zero(F_SPECIES);
        long blockOff = offset / BLOCK * BLOCK_BYTES;
        for (int j = 0; j < n; j += BLOCK, blockOff += BLOCK_BYTES) {
            acc = blockDot(blockOff, xq, j).fma(FloatVector.broadcast(F_SPECIES, half(blockOff) * xs[j / BLOCK]), acc);
        }
        return Lanes.sum((acc).toArray());
    }

    /** One loop body with no vector crossing a call (see Q8_0Tensor.int8Dot). */
    private float int8Dot(long offset, short[] xw, short[] bias, float[] xs, int n, float[] lanes) {
        FloatVector acc = FloatVector.zero(F256);
        long blockOff = offset / BLOCK * BLOCK_BYTES;
        for (int j = 0; j < n; j += BLOCK, blockOff += BLOCK_BYTES) {
            ShortVector packed = (ShortVector) ByteVector.fromMemorySegment(B128, segment, blockOff + 2, ByteOrder.LITTLE_ENDIAN)
                    .convertShape(VectorOperators.ZERO_EXTEND_B2S, S256, 0);
            ShortVector xl = ShortVector.fromArray(S256, xw, j);
            ShortVector xh = ShortVector.fromArray(S256, xw, j + 16);
            // raw nibbles (zero-extended bytes: no sign bits to mask after the shift), the −8 as one bias per lane
            IntVector w = packed.and((short) 0xF).mul(xl).add(packed.lanewise(VectorOperators.LSHR, 4).mul(xh))
                    .sub(ShortVector.fromArray(S256, bias, j / 2)).reinterpretAsInts();
            FloatVector d = FloatVector.broadcast(F256, half(blockOff) * xs[j / BLOCK]);
            acc = ((FloatVector) w.add(w.lanewise(VectorOperators.LSHL, 16)).lanewise(VectorOperators.ASHR, 16)
                    .convert(VectorOperators.I2F, 0)).fma(d, acc);
        }
        acc.intoArray(lanes, 0); // toArray() allocated per row (see BlockScales.lanes)
        return Lanes.sum8(lanes, 0);
    }

    /**
     * {@link #int8Dot} for four consecutive rows (16 float lanes): the activation's shorts loaded once per block
     * for all four, the combined scales prepared in {@code sc} ({@link BlockScales}), four independent FMA chains;
     * per row the same operations in the same order (same bits).
     */
    private void int8Dot4(long offset, float[] sc, float[] lanes, short[] xw, short[] bias, int n, float[] out, int o) {
        FloatVector acc0 = FloatVector.zero(F256);
        FloatVector acc1 = FloatVector.zero(F256);
        FloatVector acc2 = FloatVector.zero(F256);
        FloatVector acc3 = FloatVector.zero(F256);
        int nb = n / BLOCK;
        long rowBytes = (long) nb * BLOCK_BYTES;
        long b0 = offset / BLOCK * BLOCK_BYTES;
        for (int j = 0, k = 0; j < n; j += BLOCK, b0 += BLOCK_BYTES, k++) {
            ShortVector xl = ShortVector.fromArray(S256, xw, j);
            ShortVector xh = ShortVector.fromArray(S256, xw, j + 16);
            long b1 = b0 + rowBytes, b2 = b1 + rowBytes, b3 = b2 + rowBytes;
            ShortVector c = ShortVector.fromArray(S256, bias, j / 2);
            ShortVector q0 = (ShortVector) ByteVector.fromMemorySegment(B128, segment, b0 + 2, ByteOrder.LITTLE_ENDIAN)
                    .convertShape(VectorOperators.ZERO_EXTEND_B2S, S256, 0);
            ShortVector q1 = (ShortVector) ByteVector.fromMemorySegment(B128, segment, b1 + 2, ByteOrder.LITTLE_ENDIAN)
                    .convertShape(VectorOperators.ZERO_EXTEND_B2S, S256, 0);
            ShortVector q2 = (ShortVector) ByteVector.fromMemorySegment(B128, segment, b2 + 2, ByteOrder.LITTLE_ENDIAN)
                    .convertShape(VectorOperators.ZERO_EXTEND_B2S, S256, 0);
            ShortVector q3 = (ShortVector) ByteVector.fromMemorySegment(B128, segment, b3 + 2, ByteOrder.LITTLE_ENDIAN)
                    .convertShape(VectorOperators.ZERO_EXTEND_B2S, S256, 0);
            IntVector w0 = q0.and((short) 0xF).mul(xl).add(q0.lanewise(VectorOperators.LSHR, 4).mul(xh)).sub(c).reinterpretAsInts();
            IntVector w1 = q1.and((short) 0xF).mul(xl).add(q1.lanewise(VectorOperators.LSHR, 4).mul(xh)).sub(c).reinterpretAsInts();
            IntVector w2 = q2.and((short) 0xF).mul(xl).add(q2.lanewise(VectorOperators.LSHR, 4).mul(xh)).sub(c).reinterpretAsInts();
            IntVector w3 = q3.and((short) 0xF).mul(xl).add(q3.lanewise(VectorOperators.LSHR, 4).mul(xh)).sub(c).reinterpretAsInts();
            acc0 = ((FloatVector) w0.add(w0.lanewise(VectorOperators.LSHL, 16)).lanewise(VectorOperators.ASHR, 16)
                    .convert(VectorOperators.I2F, 0)).fma(FloatVector.broadcast(F256, sc[k]), acc0);
            acc1 = ((FloatVector) w1.add(w1.lanewise(VectorOperators.LSHL, 16)).lanewise(VectorOperators.ASHR, 16)
                    .convert(VectorOperators.I2F, 0)).fma(FloatVector.broadcast(F256, sc[nb + k]), acc1);
            acc2 = ((FloatVector) w2.add(w2.lanewise(VectorOperators.LSHL, 16)).lanewise(VectorOperators.ASHR, 16)
                    .convert(VectorOperators.I2F, 0)).fma(FloatVector.broadcast(F256, sc[2 * nb + k]), acc2);
            acc3 = ((FloatVector) w3.add(w3.lanewise(VectorOperators.LSHL, 16)).lanewise(VectorOperators.ASHR, 16)
                    .convert(VectorOperators.I2F, 0)).fma(FloatVector.broadcast(F256, sc[3 * nb + k]), acc3);
        }
        acc0.intoArray(lanes, 0);
        acc1.intoArray(lanes, 8);
        acc2.intoArray(lanes, 16);
        acc3.intoArray(lanes, 24);
        BlockScales.sumFour(lanes, out, o);
    }
}
