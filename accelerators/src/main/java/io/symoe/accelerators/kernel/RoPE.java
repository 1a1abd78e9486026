package io.symoe.accelerators.kernel;

/**
 * Rotary position embedding with a precomputed cos/sin table. llama.cpp rotates the first {@code ropeDims}
 * values of each head with theta_i = pos * base^(-2i / ropeDims). {@code NORMAL} (LLAMA_ROPE_TYPE_NORM) pairs
 * adjacent values (2i, 2i+1); {@code NEOX} (LLAMA_ROPE_TYPE_NEOX) pairs i with i + ropeDims/2.
 */
public final class RoPE {
    public enum Ordering { NORMAL, NEOX }

    private final Ordering ordering;
    private final int ropeDims;
    private final float[] cos;
    private final float[] sin;

    public RoPE(Ordering ordering, int ropeDims, int contextLength, float base) {
        this(ordering, ropeDims, contextLength, base, null);
    }

    /**
     * With {@code freqFactors} (llama-3.1's {@code rope_freqs.weight}, one per rotated pair) each theta_i is divided
     * by its factor, as ggml_rope_ext does with its freq_factors argument.
     */
    public RoPE(Ordering ordering, int ropeDims, int contextLength, float base, float[] freqFactors) {
        if (ropeDims < 2 || ropeDims % 2 != 0) {
            throw new IllegalArgumentException("rope dimension must be even and >= 2, got " + ropeDims);
        }
        this.ordering = ordering;
        this.ropeDims = ropeDims;
        int half = ropeDims / 2;
        if (freqFactors != null && freqFactors.length != half) {
            throw new IllegalArgumentException("rope frequency factors: " + freqFactors.length + " for " + half + " pairs");
        }
        this.cos = new float[contextLength * half];
        this.sin = new float[contextLength * half];
        for (int p = 0; p < contextLength; p++) {
            for (int i = 0; i < half; i++) {
                double theta = p * Math.pow(base, -2.0 * i / ropeDims) / (freqFactors == null ? 1.0 : freqFactors[i]);
                cos[p * half + i] = (float) Math.cos(theta);
                sin[p * half + i] = (float) Math.sin(theta);
            }
        }
    }

    public Ordering ordering() {
        return ordering;
    }

    /** How many values of each head are rotated (the first ropeDims). */
    public int dims() {
        return ropeDims;
    }

    /** cos(theta) for [pos * dims/2 + i]: the table a device backend uploads once. Shared, not a copy: read only. */
    public float[] cosTable() {
        return cos;
    }

    /** sin(theta), laid out as {@link #cosTable()}. Shared, not a copy: read only. */
    public float[] sinTable() {
        return sin;
    }

    /** Rotates every head of {@code x} (heads × headSize, contiguous) in place for position {@code pos}. */
    public void apply(float[] x, int heads, int headSize, int pos) {
        int half = ropeDims / 2;
        int base = pos * half;
        for (int h = 0; h < heads; h++) {
            int o = h * headSize;
            for (int i = 0; i < half; i++) {
                float c = cos[base + i];
                float s = sin[base + i];
                int a = ordering == Ordering.NORMAL ? o + 2 * i : o + i;
                int b = ordering == Ordering.NORMAL ? a + 1 : a + half;
                float x0 = x[a];
                float x1 = x[b];
                x[a] = x0 * c - x1 * s;
                x[b] = x0 * s + x1 * c;
            }
        }
    }
}
