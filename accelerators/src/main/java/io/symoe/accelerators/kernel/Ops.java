package io.symoe.accelerators.kernel;

import io.symoe.accelerators.tensor.Lanes;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Element-wise operations of the forward pass, in llama.cpp's float semantics. */
public final class Ops {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private Ops() {
    }

    /**
     * RMSNorm: out = x / sqrt(mean(x²) + eps) * weight. The sum of squares is accumulated in double, like
     * ggml_compute_forward_rms_norm_f32 (ggml_float).
     */
    public static void rmsNorm(float[] out, float[] x, float[] weight, int n, float eps) {
        double ss = 0;
        for (int i = 0; i < n; i++) {
            ss += (double) x[i] * x[i];
        }
        float scale = (float) (1.0 / Math.sqrt(ss / n + eps));
        for (int i = 0; i < n; i++) {
            out[i] = x[i] * scale * weight[i];
        }
    }

    /** In-place softmax over x[off, off + n). */
    public static void softmax(float[] x, int off, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[off + i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(x[off + i] - max);
            x[off + i] = e;
            sum += e;
        }
        float inv = (float) (1.0 / sum);
        for (int i = 0; i < n; i++) {
            x[off + i] *= inv;
        }
    }

    public static float silu(float x) {
        return x / (1f + (float) Math.exp(-x));
    }

    public static float sigmoid(float x) {
        return 1f / (1f + (float) Math.exp(-x));
    }

    /** a[i] = silu(a[i]) * b[i]: SwiGLU. */
    public static void swiglu(float[] a, float[] b, int n) {
        for (int i = 0; i < n; i++) {
            a[i] = silu(a[i]) * b[i];
        }
    }

    /** y += s * x. */
    public static void axpy(float[] y, float[] x, float s, int n) {
        for (int i = 0; i < n; i++) {
            y[i] += s * x[i];
        }
    }

    public static void add(float[] y, float[] x, int n) {
        for (int i = 0; i < n; i++) {
            y[i] += x[i];
        }
    }

    /** a[ao, ao + n) · b[bo, bo + n) (attention scores). */
    public static float dot(float[] a, int ao, float[] b, int bo, int n) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            acc = FloatVector.fromArray(F, a, ao + i).fma(FloatVector.fromArray(F, b, bo + i), acc);
        }
        float s = Lanes.sum((acc).toArray());
        for (; i < n; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    /** y[yo, yo + n) += s · x[xo, xo + n) (attention-weighted values). */
    public static void axpy(float[] y, int yo, float[] x, int xo, float s, int n) {
        FloatVector sv = FloatVector.broadcast(F, s);
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            FloatVector.fromArray(F, x, xo + i).fma(sv, FloatVector.fromArray(F, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] += s * x[xo + i];
        }
    }
}
