package io.symoe.accelerators.tensor;

import io.symoe.accelerators.gguf.GGMLType;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A read-only tensor over memory-mapped bytes in one ggml layout. Each subclass owns its Vector-API dot product,
 * which dequantises blocks in registers: weights are never copied to floats. Offsets and lengths are in
 * elements; a dot product's {@code offset} and {@code n} must be whole blocks (rows of a GGUF tensor always are).
 */
public abstract sealed class FloatTensor permits F32Tensor, F16Tensor, BF16Tensor, Q8_0Tensor, Q4_0Tensor, Q6_KTensor {
    static final VectorSpecies<Float> F_SPECIES = FloatVector.SPECIES_PREFERRED;
    static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    final MemorySegment segment;
    final long size;

    FloatTensor(MemorySegment segment, long size) {
        long need = type().bytesFor(size);
        if (segment.byteSize() < need) {
            throw new IllegalArgumentException(type() + " tensor of " + size + " elements needs " + need
                    + " bytes, segment has " + segment.byteSize());
        }
        this.segment = segment;
        this.size = size;
    }

    /** Wraps {@code segment} as a tensor of {@code size} elements of {@code type}. */
    public static FloatTensor of(GGMLType type, MemorySegment segment, long size) {
        return switch (type) {
            case F32 -> new F32Tensor(segment, size);
            case F16 -> new F16Tensor(segment, size);
            case BF16 -> new BF16Tensor(segment, size);
            case Q8_0 -> new Q8_0Tensor(segment, size);
            case Q4_0 -> new Q4_0Tensor(segment, size);
            case Q6_K -> new Q6_KTensor(segment, size);
        };
    }

    public abstract GGMLType type();

    public final long size() {
        return size;
    }

    /** Bytes occupied by {@code n} elements: what a kernel streams from memory to use them. */
    public final long bytesFor(long n) {
        return type().bytesFor(n);
    }

    /** The tensor's raw ggml bytes, read-only (what a device backend uploads once per model load). */
    public final MemorySegment bytes() {
        return segment.asSlice(0, type().bytesFor(size)).asReadOnly();
    }

    /** One element, dequantised (scalar path: embeddings lookups and tests). */
    public abstract float get(long index);

    /** {@code sum_i this[offset + i] * x[xOffset + i]} for {@code i < n}. */
    public abstract float dot(long offset, float[] x, int xOffset, int n);

    /**
     * The activation format llama.cpp's CPU backend pairs with this weight type (ggml's {@code vec_dot_type}):
     * {@code null} for float activations, else the quantisation {@link #dot(long, QuantizedActivation, int)} takes.
     */
    public ActivationFormat activationFormat() {
        return ActivationFormat.FLOAT;
    }

    /** Dot product with an activation quantised in {@link #activationFormat()}; offset and n are whole blocks. */
    public float dot(long offset, QuantizedActivation x, int n) {
        throw new UnsupportedOperationException(type() + " takes float activations");
    }

    /**
     * {@code rows} consecutive rows of {@code n} elements from element {@code offset}, each dotted with {@code x}
     * into {@code out[outOffset + i]}: what {@link #dot(long, QuantizedActivation, int)} gives row by row, bit for
     * bit. Kernels override it to share each activation load and conversion between several weight rows.
     */
    public void dotRows(long offset, int rows, QuantizedActivation x, int n, float[] out, int outOffset) {
        for (int i = 0; i < rows; i++) {
            out[outOffset + i] = dot(offset + (long) i * n, x, n);
        }
    }

    /**
     * For types whose quantised dot is an integer dot per 32-block (Q8_0, Q4_0): the block quants as exact floats
     * into {@code quants} and each block's scale into {@code scales}. A batched matmul dots these with several
     * tokens' quants and gets, float op for float op, what {@link #dot(long, QuantizedActivation, int)} computes.
     */
    public final void unpackBlocks(long offset, float[] quants, float[] scales, int n) {
        unpackBlocks(offset, quants, 0, scales, n);
    }

    /** {@link #unpackBlocks(long, float[], float[], int)} into quants from {@code quantsOffset} on. */
    public void unpackBlocks(long offset, float[] quants, int quantsOffset, float[] scales, int n) {
        throw new UnsupportedOperationException(type() + " has no 32-blocks of integer quants");
    }

    /** Dequantises {@code n} elements starting at {@code offset} into {@code out}. */
    public void dequantize(long offset, float[] out, int outOffset, int n) {
        for (int i = 0; i < n; i++) {
            out[outOffset + i] = get(offset + i);
        }
    }

    final void checkRange(long offset, long n) {
        if (offset < 0 || n < 0 || offset + n > size) {
            throw new IndexOutOfBoundsException("[" + offset + ", +" + n + ") outside tensor of " + size);
        }
    }

    static void checkBlocks(GGMLType type, long offset, int n) {
        if (offset % type.blockSize() != 0 || n % type.blockSize() != 0) {
            throw new IllegalArgumentException(type + " dot needs whole blocks of " + type.blockSize()
                    + ", got offset " + offset + " length " + n);
        }
    }

    final float half(long byteOffset) {
        return Float.float16ToFloat(segment.get(SHORT_LE, byteOffset));
    }
}
