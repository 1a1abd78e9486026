package io.symoe.accelerators.model;

/** Keys and values (F16-rounded floats) of every layer for positions [0, capacity): layout [layer][pos * kvDim + kvHead * headSize + i]. */
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

    /**
     * Stores rounded to half precision: llama.cpp's default KV cache type is F16, and matching its rounding keeps
     * the logits within summation-order noise of llama.cpp's.
     */
    void store(int layer, int pos, float[] k, float[] v) {
        int base = pos * kvDim;
        for (int i = 0; i < kvDim; i++) {
            keys[layer][base + i] = toHalf(k[i]);
            values[layer][base + i] = toHalf(v[i]);
        }
    }

    static float toHalf(float x) {
        return Float.float16ToFloat(Float.floatToFloat16(x));
    }
}
