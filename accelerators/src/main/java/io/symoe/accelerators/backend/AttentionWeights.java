package io.symoe.accelerators.backend;

import io.symoe.accelerators.tensor.Matrix;

/** A layer's attention weights; biases (qwen2) and the whole-vector q/k norms (olmoe) are null when absent. */
public record AttentionWeights(Matrix wq, Matrix wk, Matrix wv, Matrix wo, float[] bq, float[] bk, float[] bv,
                               float[] qNorm, float[] kNorm) {
}
