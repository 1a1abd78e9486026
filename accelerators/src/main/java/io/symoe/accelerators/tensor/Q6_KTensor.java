package io.symoe.accelerators.tensor;

import io.symoe.accelerators.gguf.GGMLType;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * ggml Q6_K (block_q6_K, 256 elements): ql[128] low nibbles, qh[64] high 2-bit pairs, int8 scales[16], f16 d.
 * llama-quantize picks it for {@code output.weight} of Q4_0 models (llama_tensor_get_type), so it is needed for
 * the logits even though routed weights are never Q6_K here. The dot product unpacks one block at a time into a
 * 256-float scratch (per thread, in cache) and runs a vector FMA over it: simpler than the bit-twiddling of
 * ggml's SIMD kernel, and only the vocabulary projection uses it.
 */
public final class Q6_KTensor extends FloatTensor {
    private static final int BLOCK = 256;
    private static final int BLOCK_BYTES = 210;
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[BLOCK]);

    Q6_KTensor(MemorySegment segment, long size) {
        super(segment, size);
    }

    @Override
    public GGMLType type() {
        return GGMLType.Q6_K;
    }

    private int u8(long off) {
        return segment.get(ValueLayout.JAVA_BYTE, off) & 0xFF;
    }

    /** Follows dequantize_row_q6_K: two halves of 128, each four groups of 32 sharing qh bytes. */
    private void dequantizeBlock(long base, float[] y) {
        float d = half(base + 208);
        for (int h = 0; h < 2; h++) {
            long ql = base + 64L * h;
            long qh = base + 128 + 32L * h;
            long sc = base + 192 + 8L * h;
            int yo = 128 * h;
            for (int l = 0; l < 32; l++) {
                int is = l / 16;
                int qhb = u8(qh + l);
                int a = u8(ql + l);
                int b = u8(ql + l + 32);
                int q1 = ((a & 0xF) | ((qhb & 3) << 4)) - 32;
                int q2 = ((b & 0xF) | (((qhb >> 2) & 3) << 4)) - 32;
                int q3 = ((a >> 4) | (((qhb >> 4) & 3) << 4)) - 32;
                int q4 = ((b >> 4) | (((qhb >> 6) & 3) << 4)) - 32;
                y[yo + l] = d * segment.get(ValueLayout.JAVA_BYTE, sc + is) * q1;
                y[yo + l + 32] = d * segment.get(ValueLayout.JAVA_BYTE, sc + is + 2) * q2;
                y[yo + l + 64] = d * segment.get(ValueLayout.JAVA_BYTE, sc + is + 4) * q3;
                y[yo + l + 96] = d * segment.get(ValueLayout.JAVA_BYTE, sc + is + 6) * q4;
            }
        }
    }

    @Override
    public float get(long index) {
        float[] y = SCRATCH.get();
        dequantizeBlock(index / BLOCK * BLOCK_BYTES, y);
        return y[(int) (index % BLOCK)];
    }

    @Override
    public float dot(long offset, float[] x, int xOffset, int n) {
        checkRange(offset, n);
        checkBlocks(GGMLType.Q6_K, offset, n);
        float[] y = SCRATCH.get();
        FloatVector acc = FloatVector.zero(F_SPECIES);
        long blockOff = offset / BLOCK * BLOCK_BYTES;
        for (int j = 0; j < n; j += BLOCK, blockOff += BLOCK_BYTES) {
            dequantizeBlock(blockOff, y);
            for (int i = 0; i < BLOCK; i += F_SPECIES.length()) {
                acc = FloatVector.fromArray(F_SPECIES, y, i).fma(FloatVector.fromArray(F_SPECIES, x, xOffset + j + i), acc);
            }
        }
        return Lanes.sum((acc).toArray());
    }

    @Override
    public ActivationFormat activationFormat() {
        return ActivationFormat.Q8_K;
    }

    /** As ggml_vec_dot_q6_K_q8_K: per 256-block, (d_w · scale · q6) · q8 summed, times the Q8_K block scale. */
    @Override
    public float dot(long offset, QuantizedActivation x, int n) {
        checkRange(offset, n);
        checkBlocks(GGMLType.Q6_K, offset, n);
        float[] y = SCRATCH.get();
        float total = 0;
        long blockOff = offset / BLOCK * BLOCK_BYTES;
        for (int j = 0; j < n; j += BLOCK, blockOff += BLOCK_BYTES) {
            dequantizeBlock(blockOff, y);
            FloatVector acc = FloatVector.zero(F_SPECIES);
            for (int i = 0; i < BLOCK; i += F_SPECIES.length()) {
                acc = FloatVector.fromArray(F_SPECIES, y, i).fma(FloatVector.fromArray(F_SPECIES, x.q, j + i), acc);
            }
            total += Lanes.sum((acc).toArray()) * x.scales[j / BLOCK];
        }
        return total;
    }

    @Override
    public void dequantize(long offset, float[] out, int outOffset, int n) {
        checkRange(offset, n);
        checkBlocks(GGMLType.Q6_K, offset, n);
        float[] y = SCRATCH.get();
        for (int j = 0; j < n; j += BLOCK) {
            dequantizeBlock((offset + j) / BLOCK * BLOCK_BYTES, y);
            System.arraycopy(y, 0, out, outOffset + j, BLOCK);
        }
    }
}
