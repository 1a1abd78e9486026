package io.symoe.accelerators.backend;

/** Head layout of attention: grouped-query when kvHeads < heads (heads / kvHeads query heads share a kv head). */
public record AttentionShape(int heads, int kvHeads, int headSize) {
    public AttentionShape {
        if (heads < 1 || kvHeads < 1 || headSize < 1 || heads % kvHeads != 0) {
            throw new IllegalArgumentException("bad attention shape: " + heads + " heads, " + kvHeads + " kv heads, head size " + headSize);
        }
    }

    public int qDim() {
        return heads * headSize;
    }

    public int kvDim() {
        return kvHeads * headSize;
    }
}
