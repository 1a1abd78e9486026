package io.symoe.accelerators.tensor;

import io.symoe.accelerators.gguf.GGMLType;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/** ggml BF16: the upper 16 bits of an IEEE float; widening is a 16-bit left shift, done in registers. */
public final class BF16Tensor extends FloatTensor {
    private static final VectorSpecies<Short> S_SPECIES =
            VectorSpecies.of(short.class, VectorShape.forBitSize(F_SPECIES.vectorBitSize() / 2));
    private static final VectorSpecies<Integer> I_SPECIES = F_SPECIES.withLanes(int.class);

    BF16Tensor(MemorySegment segment, long size) {
        super(segment, size);
    }

    @Override
    public GGMLType type() {
        return GGMLType.BF16;
    }

    @Override
    public float get(long index) {
        return Float.intBitsToFloat((segment.get(SHORT_LE, index * 2) & 0xFFFF) << 16);
    }

    @Override
    public void dequantize(long offset, float[] out, int outOffset, int n) {
        checkRange(offset, n);
        int upper = F_SPECIES.loopBound(n);
        int i = 0;
        for (; i < upper; i += F_SPECIES.length()) {
            ShortVector s = ShortVector.fromMemorySegment(S_SPECIES, segment, (offset + i) * 2, ByteOrder.LITTLE_ENDIAN);
            ((IntVector) s.convertShape(VectorOperators.S2I, I_SPECIES, 0)).lanewise(VectorOperators.LSHL, 16)
                    .reinterpretAsFloats().intoArray(out, outOffset + i);
        }
        for (; i < n; i++) {
            out[outOffset + i] = get(offset + i);
        }
    }

    @Override
    public float dot(long offset, float[] x, int xOffset, int n) {
        checkRange(offset, n);
        int upper = F_SPECIES.loopBound(n);
        FloatVector acc = FloatVector.zero(F_SPECIES);
        int i = 0;
        for (; i < upper; i += F_SPECIES.length()) {
            ShortVector s = ShortVector.fromMemorySegment(S_SPECIES, segment, (offset + i) * 2, ByteOrder.LITTLE_ENDIAN);
            IntVector bits = (IntVector) s.convertShape(VectorOperators.S2I, I_SPECIES, 0);
            FloatVector w = bits.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            acc = w.fma(FloatVector.fromArray(F_SPECIES, x, xOffset + i), acc);
        }
        float sum = Lanes.sum((acc).toArray());
        for (; i < n; i++) {
            sum += get(offset + i) * x[xOffset + i];
        }
        return sum;
    }
}
