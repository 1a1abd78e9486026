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

    /**
     * exp(x) as ggml's x86 ggml_v_expf computes it (ggml-cpu.c, the AVX-512 form; the AVX2 and NEON forms run the
     * same float operations): a degree-5 polynomial around n = round(x / ln 2), then scaled by 2^n. It is within
     * 1-2 ulp of exp but not equal to it, and llama.cpp's softmax uses it, so attention probabilities computed
     * with {@code Math.exp} differ from llama.cpp's in their last bits and, after rounding to F16, sometimes by
     * one F16 step.
     */
    public static float ggmlExp(float x) {
        final float r = 0x1.8p23f;
        float z = Math.fma(x, 0x1.715476p+0f, r);
        float n = z - r;
        float b = Math.fma(-n, 0x1.7f7d1cp-20f, Math.fma(-n, 0x1.62e4p-1f, x));
        float u = b * b;
        float j = Math.fma(Math.fma(Math.fma(0x1.0e4020p-7f, b, 0x1.573e2ep-5f), u,
                        Math.fma(0x1.555e66p-3f, b, 0x1.fffdb6p-2f)), u,
                Math.fma(0x1.ffffecp-1f, b, 1.0f));
        if (Math.abs(n) > 192) { // false for NaN, which then stays NaN below
            return n <= 0 ? 0f : Float.POSITIVE_INFINITY;
        }
        return Math.scalb(j, (int) n);
    }

    /**
     * a[ao, ao + n) · b[bo, bo + n) with 16 accumulators, element i into accumulator i % 16 by FMA, then the
     * 16 summed in {@link Lanes#sum}'s order: tinyBLAS's F16 matmul on AVX-512 (what llama.cpp runs for a batch's
     * attention products), on any vector width. Elements past n count as zeros.
     */
    public static float dot16(float[] a, int ao, float[] b, int bo, int n) {
        if (F.length() == 16 && n % 16 == 0) {
            return dot(a, ao, b, bo, n);
        }
        if (F.length() == 8 && n % 16 == 0) { // accumulators 0-7 and 8-15; their sum is Lanes.sum's first step
            FloatVector lo = FloatVector.zero(F), hi = FloatVector.zero(F);
            for (int i = 0; i < n; i += 16) {
                lo = FloatVector.fromArray(F, a, ao + i).fma(FloatVector.fromArray(F, b, bo + i), lo);
                hi = FloatVector.fromArray(F, a, ao + i + 8).fma(FloatVector.fromArray(F, b, bo + i + 8), hi);
            }
            return Lanes.sum((lo.add(hi)).toArray());
        }
        float[] acc = new float[16];
        for (int i = 0; i < n; i++) {
            acc[i % 16] = Math.fma(a[ao + i], b[bo + i], acc[i % 16]);
        }
        return Lanes.sum(acc);
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
