package io.symoe.accelerators.tensor;

import io.symoe.accelerators.gguf.GGMLType;

import java.lang.foreign.MemorySegment;

/**
 * ggml F16 (IEEE half). The dot product is scalar: the Vector API in JDK 25 has no half-to-float lane
 * conversion, and F16 weights are rare in the models this engine targets (a noted gap).
 */
public final class F16Tensor extends FloatTensor {
    F16Tensor(MemorySegment segment, long size) {
        super(segment, size);
    }

    @Override
    public GGMLType type() {
        return GGMLType.F16;
    }

    @Override
    public float get(long index) {
        return half(index * 2);
    }

    @Override
    public float dot(long offset, float[] x, int xOffset, int n) {
        checkRange(offset, n);
        float s0 = 0, s1 = 0;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            s0 += half((offset + i) * 2) * x[xOffset + i];
            s1 += half((offset + i + 1) * 2) * x[xOffset + i + 1];
        }
        for (; i < n; i++) {
            s0 += half((offset + i) * 2) * x[xOffset + i];
        }
        return s0 + s1;
    }
}
