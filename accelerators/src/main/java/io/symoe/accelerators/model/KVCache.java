package io.symoe.accelerators.model;

/**
 * Keys and values (F16-rounded floats) of every layer for positions [0, capacity): layout
 * [layer][pos * kvDim + kvHead * headSize + i]. The compute backend writes the rows
 * ({@code ComputeBackend.attentionBlock}); a device backend keeps a device copy beside them.
 */
public final class KVCache {
    final float[][] keys;
    final float[][] values;
    private final int capacity;
    private final int kvDim;

    public KVCache(Configuration c, int capacity) {
        if (capacity < 1 || capacity > c.contextLength()) {
            throw new IllegalArgumentException("KV cache capacity " + capacity + " must be in [1, " + c.contextLength() + "]");
        }
        this.capacity = capacity;
        this.kvDim = c.kvDim();
        this.keys = new float[c.layers()][Math.multiplyExact(capacity, kvDim)];
        this.values = new float[c.layers()][Math.multiplyExact(capacity, kvDim)];
    }

    public int capacity() {
        return capacity;
    }
}
