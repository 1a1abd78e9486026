package io.symoe.accelerators.tensor;

/** How a matmul's activations are presented to a weight type's dot product (ggml's vec_dot_type). */
public enum ActivationFormat {
    FLOAT, Q8_0, Q8_K;

    public QuantizedActivation quantize(float[] x, int n) {
        return switch (this) {
            case FLOAT -> throw new IllegalStateException("float activations are not quantised");
            case Q8_0 -> QuantizedActivation.q8_0(x, n);
            case Q8_K -> QuantizedActivation.q8_K(x, n);
        };
    }
}
