package io.symoe.accelerators.gguf;

import java.util.Arrays;

/**
 * A tensor's description from the file. {@code dims} are in ggml order: {@code dims[0]} is the contiguous row
 * length (columns), {@code dims[1]} the number of rows, {@code dims[2]} e.g. the expert index.
 *
 * @param offset byte offset of the data relative to the start of the tensor data section
 */
public record TensorInfo(String name, GGMLType type, long[] dims, long offset) {
    public TensorInfo {
        dims = dims.clone();
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    public int nDims() {
        return dims.length;
    }

    public long dim(int i) {
        return i < dims.length ? dims[i] : 1;
    }

    public long elementCount() {
        long n = 1;
        for (long d : dims) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public long byteSize() {
        return type.bytesFor(elementCount());
    }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(dims) + " @" + offset;
    }
}
