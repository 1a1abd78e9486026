package io.symoe.accelerators.jmh;

import io.symoe.accelerators.gguf.GGMLType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Baselines for the kernel benchmarks: plain scalar matrix-vector dot products written from ggml's block
 * layouts, one element at a time, with float activations and no Vector API. They read the same bytes as the
 * engine's kernels, so "kernel GB/s / baseline GB/s" in one run says what the vectorisation buys on this machine.
 * Not used by the engine; {@code ScalarBaselinesTest} checks they compute the same dot products.
 */
final class ScalarBaselines {
    private static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private ScalarBaselines() {
    }

    /** {@code sum_i w[first + i] * x[i]} for {@code i < n} over a tensor of {@code type} in {@code seg}. */
    static float dot(GGMLType type, MemorySegment seg, long first, float[] x, int n) {
        return switch (type) {
            case F32 -> f32(seg, first, x, n);
            case F16 -> f16(seg, first, x, n);
            case BF16 -> bf16(seg, first, x, n);
            case Q8_0 -> q8_0(seg, first, x, n);
            case Q4_0 -> q4_0(seg, first, x, n);
            case Q6_K -> q6_K(seg, first, x, n);
        };
    }

    private static float f32(MemorySegment seg, long first, float[] x, int n) {
        float s = 0;
        for (int i = 0; i < n; i++) {
            s += seg.get(FLOAT_LE, (first + i) * 4) * x[i];
        }
        return s;
    }

    private static float f16(MemorySegment seg, long first, float[] x, int n) {
        float s = 0;
        for (int i = 0; i < n; i++) {
            s += Float.float16ToFloat(seg.get(SHORT_LE, (first + i) * 2)) * x[i];
        }
        return s;
    }

    private static float bf16(MemorySegment seg, long first, float[] x, int n) {
        float s = 0;
        for (int i = 0; i < n; i++) {
            s += Float.intBitsToFloat(seg.get(SHORT_LE, (first + i) * 2) << 16) * x[i];
        }
        return s;
    }

    /** block_q8_0: f16 d, 32 × int8. */
    private static float q8_0(MemorySegment seg, long first, float[] x, int n) {
        float s = 0;
        long base = first / 32 * 34;
        for (int b = 0; b < n / 32; b++, base += 34) {
            float d = Float.float16ToFloat(seg.get(SHORT_LE, base));
            float block = 0;
            for (int j = 0; j < 32; j++) {
                block += seg.get(ValueLayout.JAVA_BYTE, base + 2 + j) * x[b * 32 + j];
            }
            s += d * block;
        }
        return s;
    }

    /** block_q4_0: f16 d, 16 bytes; byte j holds element j (low nibble) and j + 16 (high), each minus 8. */
    private static float q4_0(MemorySegment seg, long first, float[] x, int n) {
        float s = 0;
        long base = first / 32 * 18;
        for (int b = 0; b < n / 32; b++, base += 18) {
            float d = Float.float16ToFloat(seg.get(SHORT_LE, base));
            float block = 0;
            for (int j = 0; j < 16; j++) {
                int q = seg.get(ValueLayout.JAVA_BYTE, base + 2 + j) & 0xFF;
                block += ((q & 0xF) - 8) * x[b * 32 + j] + ((q >> 4) - 8) * x[b * 32 + j + 16];
            }
            s += d * block;
        }
        return s;
    }

    /** block_q6_K (256): ql[128] low nibbles, qh[64] high bit pairs, int8 scales[16] per 16, f16 d at 208. */
    private static float q6_K(MemorySegment seg, long first, float[] x, int n) {
        float s = 0;
        long base = first / 256 * 210;
        for (int b = 0; b < n / 256; b++, base += 210) {
            float d = Float.float16ToFloat(seg.get(SHORT_LE, base + 208));
            for (int i = 0; i < 256; i++) {
                int half = i / 128, r = i % 128, quarter = r / 32, l = r % 32;
                int ql = seg.get(ValueLayout.JAVA_BYTE, base + 64L * half + l + (quarter % 2) * 32) & 0xFF;
                int low = quarter < 2 ? ql & 0xF : ql >> 4;
                int qh = seg.get(ValueLayout.JAVA_BYTE, base + 128 + 32L * half + l) & 0xFF;
                int q = (low | (((qh >> (2 * quarter)) & 3) << 4)) - 32;
                int scale = seg.get(ValueLayout.JAVA_BYTE, base + 192 + 8L * half + l / 16 + 2 * quarter);
                s += d * scale * q * x[b * 256 + i];
            }
        }
        return s;
    }
}
