package io.symoe.accelerators.model;

import io.symoe.accelerators.tensor.Matrix;

/**
 * One transformer block. Norm weights and biases are small and copied to float arrays; matrices stay mapped.
 * Biases and q/k norms are null when the architecture has none.
 */
public record LayerWeights(float[] attnNorm, Matrix wq, Matrix wk, Matrix wv, Matrix wo, float[] bq, float[] bk,
                           float[] bv, float[] qNorm, float[] kNorm, float[] ffnNorm, FeedForward ffn) {
    long attentionBytes() {
        return wq.bytes() + wk.bytes() + wv.bytes() + wo.bytes();
    }
}
