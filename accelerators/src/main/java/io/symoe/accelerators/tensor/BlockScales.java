package io.symoe.accelerators.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;

/**
 * The combined scales d_w · d_x of a few weight rows' blocks, prepared before the rows' block loop (16 float
 * lanes only). Reading each block's f16 scale, converting and multiplying it inside the loop (scalar load,
 * vcvtph2ps, multiply, broadcast) took more than half of a 4-row Q8_0 step on an L2-resident matrix (3.5 vs 1.6 ns
 * per block and row, this machine, 2026-12-04); here the halves are copied out with plain scalar loads and
 * converted 16 at a time, and the loop broadcasts one float from memory. Exact: every normal, subnormal and zero
 * half converts to the float {@link Float#float16ToFloat} gives; a chunk with an infinite or NaN scale takes that
 * method itself. One instance per kernel thread ({@link #local}), so no allocation per call.
 */
final class BlockScales {
    private static final VectorSpecies<Float> F16 = FloatVector.SPECIES_512;
    private static final VectorSpecies<Integer> I16 = IntVector.SPECIES_512;
    private static final VectorSpecies<Short> S16 = ShortVector.SPECIES_256;
    /**
     * The widest row (in bytes) the four-row kernels take; wider rows go one at a time. Measured on AMD EPYC (Zen 4),
     * one thread, matrices streamed from 256 MiB, ns per block and row, four-row vs one-row kernel: Q4_0 1024, 1536,
     * 2048, 3072, 4096 columns (576–2304 bytes a row): 2.3–2.4 vs 2.5, 2.2 vs 2.5, 2.1 vs 2.3, 2.3–4.9 vs 2.1–2.2,
     * 3.0–4.0 vs 2.0; Q8_0 1024, 1536, 2048, 3072, 4096 (1088–4352 bytes): 2.4–3.0 vs 2.6–2.7, 2.7 vs 2.0, 2.5 vs
     * 1.9, 3.5–6.5 vs 2.1, 3.5–5.1 vs 1.9–2.5. The four-row kernel wins while its four rows lie within about a 4 KiB
     * page (hardware prefetchers do not cross pages, and four interleaved streams each cross one every few blocks
     * once rows are wider). Both kernels give the same bits.
     */
    static final int FOUR_ROW_MAX_ROW_BYTES = 1152;
    private static final ThreadLocal<BlockScales> LOCAL = ThreadLocal.withInitial(BlockScales::new);

    private short[] halves = new short[0];
    float[] scales = new float[0];
    /**
     * Where a four-row kernel spills its four 8-lane accumulators for {@link #sumFour}, and a one-row kernel its
     * one: {@code toArray()} allocated (C2 did not remove it), 48 bytes a row, and cost the Q4_0 four-row kernel
     * ~15 % of its time.
     */
    final float[] lanes = new float[32];

    /** out[o + r] = {@link Lanes#sum8} of lanes[8r .. 8r + 8), r &lt; 4: a four-row kernel's row sums. */
    static void sumFour(float[] lanes, float[] out, int o) {
        for (int r = 0; r < 4; r++) {
            out[o + r] = Lanes.sum8(lanes, 8 * r);
        }
    }

    /** This thread's buffers, with room for {@code blocks} scales. */
    static BlockScales local(int blocks) {
        BlockScales s = LOCAL.get();
        if (s.scales.length < blocks) {
            s.halves = new short[blocks];
            s.scales = new float[blocks];
        }
        return s;
    }

    /**
     * scales[o + k] = f16(d of the block at {@code firstBlock + k · blockBytes}) · xs[k] for k &lt; nb, the product
     * in the order the one-row kernels take it (d_w · d_x).
     */
    void prepare(MemorySegment segment, long firstBlock, int blockBytes, int nb, float[] xs, int o) {
        short[] h = halves;
        for (int k = 0; k < nb; k++) {
            h[o + k] = segment.get(FloatTensor.SHORT_LE, firstBlock + (long) k * blockBytes);
        }
        int k = 0;
        for (; k + 16 <= nb; k += 16) {
            IntVector v = (IntVector) ShortVector.fromArray(S16, h, o + k).convertShape(VectorOperators.S2I, I16, 0);
            if (v.and(0x7C00).compare(VectorOperators.EQ, 0x7C00).anyTrue()) { // inf / NaN: exponent all ones
                for (int i = k; i < k + 16; i++) {
                    scales[o + i] = Float.float16ToFloat(h[o + i]) * xs[i];
                }
                continue;
            }
            // magnitude bits shifted into a float's place, then × 2^112 re-biases the exponent (15 → 127); exact for
            // normals, and for subnormals too (they enter as float subnormals and leave normal)
            FloatVector magnitude = v.and(0x7FFF).lanewise(VectorOperators.LSHL, 13).reinterpretAsFloats().mul(0x1p112f);
            FloatVector d = magnitude.reinterpretAsInts().or(v.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
            d.mul(FloatVector.fromArray(F16, xs, k)).intoArray(scales, o + k);
        }
        for (; k < nb; k++) {
            scales[o + k] = Float.float16ToFloat(h[o + k]) * xs[k];
        }
    }
}
