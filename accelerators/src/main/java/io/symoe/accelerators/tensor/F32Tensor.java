package io.symoe.accelerators.tensor;

import io.symoe.accelerators.gguf.GGMLType;
import jdk.incubator.vector.FloatVector;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/** ggml F32: little-endian floats. */
public final class F32Tensor extends FloatTensor {
    F32Tensor(MemorySegment segment, long size) {
        super(segment, size);
    }

    @Override
    public GGMLType type() {
        return GGMLType.F32;
    }

    @Override
    public float get(long index) {
        return segment.get(FLOAT_LE, index * 4);
    }

    @Override
    public float dot(long offset, float[] x, int xOffset, int n) {
        checkRange(offset, n);
        int lanes = F_SPECIES.length();
        int upper = F_SPECIES.loopBound(n);
        FloatVector acc0 = FloatVector.zero(F_SPECIES);
        FloatVector acc1 = FloatVector.zero(F_SPECIES);
        int i = 0;
        for (; i + 2 * lanes <= upper; i += 2 * lanes) {
            acc0 = FloatVector.fromMemorySegment(F_SPECIES, segment, (offset + i) * 4, ByteOrder.LITTLE_ENDIAN)
                    .fma(FloatVector.fromArray(F_SPECIES, x, xOffset + i), acc0);
            acc1 = FloatVector.fromMemorySegment(F_SPECIES, segment, (offset + i + lanes) * 4, ByteOrder.LITTLE_ENDIAN)
                    .fma(FloatVector.fromArray(F_SPECIES, x, xOffset + i + lanes), acc1);
        }
        for (; i < upper; i += lanes) {
            acc0 = FloatVector.fromMemorySegment(F_SPECIES, segment, (offset + i) * 4, ByteOrder.LITTLE_ENDIAN)
                    .fma(FloatVector.fromArray(F_SPECIES, x, xOffset + i), acc0);
        }
        float sum = Lanes.sum((acc0.add(acc1)).toArray());
        for (; i < n; i++) {
            sum += get(offset + i) * x[xOffset + i];
        }
        return sum;
    }

    @Override
    public void dequantize(long offset, float[] out, int outOffset, int n) {
        checkRange(offset, n);
        MemorySegment.copy(segment, FLOAT_LE, offset * 4, out, outOffset, n);
    }
}
