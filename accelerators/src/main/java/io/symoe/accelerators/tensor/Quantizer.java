package io.symoe.accelerators.tensor;

import io.symoe.accelerators.gguf.GGMLType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Float → ggml bytes, following ggml's reference quantisers (quantize_row_q8_0_ref, quantize_row_q4_0_ref), so
 * fixtures written by {@link io.symoe.accelerators.gguf.GGUFWriter} look like llama-quantize output.
 */
public final class Quantizer {
    private Quantizer() {
    }

    public static byte[] quantize(GGMLType type, float[] x) {
        return switch (type) {
            case F32 -> f32(x);
            case F16 -> f16(x);
            case BF16 -> bf16(x);
            case Q8_0 -> q8_0(x);
            case Q4_0 -> q4_0(x);
            case Q6_K -> throw new UnsupportedOperationException("Q6_K quantisation is not implemented (read-only type)");
        };
    }

    private static ByteBuffer buffer(GGMLType type, int n) {
        return ByteBuffer.allocate((int) type.bytesFor(n)).order(ByteOrder.LITTLE_ENDIAN);
    }

    static byte[] f32(float[] x) {
        ByteBuffer b = buffer(GGMLType.F32, x.length);
        for (float v : x) {
            b.putFloat(v);
        }
        return b.array();
    }

    static byte[] f16(float[] x) {
        ByteBuffer b = buffer(GGMLType.F16, x.length);
        for (float v : x) {
            b.putShort(Float.floatToFloat16(v));
        }
        return b.array();
    }

    static byte[] bf16(float[] x) {
        ByteBuffer b = buffer(GGMLType.BF16, x.length);
        for (float v : x) {
            int bits = Float.floatToRawIntBits(v);
            bits += 0x7FFF + ((bits >>> 16) & 1); // round to nearest even, as ggml_compute_fp32_to_bf16
            b.putShort((short) (bits >>> 16));
        }
        return b.array();
    }

    static byte[] q8_0(float[] x) {
        ByteBuffer b = buffer(GGMLType.Q8_0, x.length);
        for (int i = 0; i < x.length; i += 32) {
            float amax = 0;
            for (int j = 0; j < 32; j++) {
                amax = Math.max(amax, Math.abs(x[i + j]));
            }
            float d = amax / 127f;
            float id = d != 0 ? 1f / d : 0f;
            b.putShort(Float.floatToFloat16(d));
            for (int j = 0; j < 32; j++) {
                b.put((byte) Math.round(x[i + j] * id));
            }
        }
        return b.array();
    }

    static byte[] q4_0(float[] x) {
        ByteBuffer b = buffer(GGMLType.Q4_0, x.length);
        for (int i = 0; i < x.length; i += 32) {
            float amax = 0, max = 0;
            for (int j = 0; j < 32; j++) {
                float v = x[i + j];
                if (Math.abs(v) > amax) {
                    amax = Math.abs(v);
                    max = v;
                }
            }
            float d = max / -8f;
            float id = d != 0 ? 1f / d : 0f;
            b.putShort(Float.floatToFloat16(d));
            for (int j = 0; j < 16; j++) {
                int q0 = Math.min(15, (int) (x[i + j] * id + 8.5f));
                int q1 = Math.min(15, (int) (x[i + j + 16] * id + 8.5f));
                b.put((byte) (q0 | (q1 << 4)));
            }
        }
        return b.array();
    }
}
