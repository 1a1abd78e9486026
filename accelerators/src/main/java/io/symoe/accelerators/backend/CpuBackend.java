package io.symoe.accelerators.backend;

import io.symoe.accelerators.kernel.MatMul;
import io.symoe.accelerators.kernel.Ops;
import io.symoe.accelerators.kernel.Parallel;
import io.symoe.accelerators.kernel.RoPE;
import io.symoe.accelerators.tensor.Matrix;

/** The Vector-API kernels of {@code kernel} on a host thread pool (which the caller owns and closes). */
public final class CpuBackend implements ComputeBackend {
    private final Parallel pool;

    public CpuBackend(Parallel pool) {
        this.pool = pool;
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public void matmul(Matrix[] ws, float[][] x, float[][][] outs, int n) {
        MatMul.applyAll(pool, ws, x, outs, n);
    }

    @Override
    public void rmsNorm(float[][] out, float[][] x, float[] weight, int dim, float eps, int n) {
        for (int t = 0; t < n; t++) {
            Ops.rmsNorm(out[t], x[t], weight, dim, eps);
        }
    }

    @Override
    public void rope(RoPE rope, float[][] x, int heads, int headSize, int[] positions, int n) {
        for (int t = 0; t < n; t++) {
            rope.apply(x[t], heads, headSize, positions[t]);
        }
    }

    @Override
    public void attention(float[][] q, float[][] keys, float[][] values, int[] positions, float[][] out,
                          AttentionShape s, int n) {
        int heads = s.heads(), hs = s.headSize(), kvDim = s.kvDim(), groups = s.heads() / s.kvHeads();
        int maxPos = 0;
        for (int t = 0; t < n; t++) {
            maxPos = Math.max(maxPos, positions[t]);
        }
        int scoreLength = maxPos + 1;
        float scale = (float) (1.0 / Math.sqrt(hs));
        pool.forRange(n * heads, (from, to) -> {
            float[] scores = new float[scoreLength];
            float[] qh = new float[hs];
            for (int i = from; i < to; i++) {
                int t = i / heads, h = i % heads;
                int pos = positions[t];
                float[] k = keys[t];
                float[] v = values[t];
                int kvOff = (h / groups) * hs;
                // ggml multiplies the F16 cache by q and by the probabilities converted to F16 (vec_dot_type of F16)
                for (int j = 0; j < hs; j++) {
                    qh[j] = toHalf(q[t][h * hs + j]);
                }
                for (int p = 0; p <= pos; p++) {
                    scores[p] = Ops.dot(qh, 0, k, p * kvDim + kvOff, hs) * scale;
                }
                Ops.softmax(scores, 0, pos + 1);
                for (int p = 0; p <= pos; p++) {
                    scores[p] = toHalf(scores[p]);
                }
                int ao = h * hs;
                java.util.Arrays.fill(out[t], ao, ao + hs, 0f);
                for (int p = 0; p <= pos; p++) {
                    Ops.axpy(out[t], ao, v, p * kvDim + kvOff, scores[p], hs);
                }
            }
        });
    }

    @Override
    public void swiglu(float[][] gate, float[][] up, int width, int n) {
        for (int t = 0; t < n; t++) {
            Ops.swiglu(gate[t], up[t], width);
        }
    }

    @Override
    public TopK routeTopK(float[][] logits, int k, boolean normalize, int n) {
        int experts = logits[0].length;
        int[][] chosen = new int[n][k];
        float[][] chosenW = new float[n][k];
        for (int t = 0; t < n; t++) {
            float[] p = logits[t];
            Ops.softmax(p, 0, experts);
            boolean[] taken = new boolean[experts];
            float sum = 0;
            for (int j = 0; j < k; j++) {
                int best = -1;
                for (int e = 0; e < experts; e++) {
                    if (!taken[e] && (best < 0 || p[e] > p[best])) {
                        best = e;
                    }
                }
                taken[best] = true;
                chosen[t][j] = best;
                chosenW[t][j] = p[best];
                sum += p[best];
            }
            if (normalize) {
                for (int j = 0; j < k; j++) {
                    chosenW[t][j] /= sum;
                }
            }
        }
        return new TopK(chosen, chosenW);
    }

    @Override
    public void combine(float[][] out, int[] rows, float[][] y, float[] weights, int dim) {
        for (int j = 0; j < rows.length; j++) {
            Ops.axpy(out[rows[j]], y[j], weights[j], dim);
        }
    }

    static float toHalf(float x) {
        return Float.float16ToFloat(Float.floatToFloat16(x));
    }

    /** The pool belongs to the caller. */
    @Override
    public void close() {
    }
}
