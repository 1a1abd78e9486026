package io.symoe.accelerators.backend;

import io.symoe.accelerators.kernel.MatMul;
import io.symoe.accelerators.kernel.Ops;
import io.symoe.accelerators.kernel.Parallel;
import io.symoe.accelerators.kernel.RoPE;
import io.symoe.accelerators.tensor.Lanes;
import io.symoe.accelerators.tensor.Matrix;

/** The Vector-API kernels of {@code kernel} on a host thread pool (which the caller owns and closes). */
public final class CpuBackend implements ComputeBackend {
    /** Activation values from which SwiGLU is split across the pool. */
    private static final long SWIGLU_PARALLEL_MIN = 1 << 14;
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

    /**
     * Causal attention in the float operations of llama.cpp's CPU graph for a batch (non-flash attention, F16
     * cache, AVX-512 build): kq = q·k with 16 accumulators ({@link Ops#dot16}), scaled; the softmax with ggml's
     * exp ({@link Ops#ggmlExp}), its sum taken per 16 positions ({@link Lanes#sum}) and added up in double, then
     * multiplied by the float 1/sum; the probabilities rounded to F16 and dotted with each value column over the
     * positions again with 16 accumulators (position p into accumulator p % 16). Any other order moves the F16
     * roundings of the probabilities by a step now and then, and on the dense llama-q4_0 reference file that
     * pushed a later Q8_0 activation across a rounding tie (token 10, 0.3 % of the logit range).
     */
    @Override
    public void attention(float[][] q, float[][] keys, float[][] values, int[] positions, float[][] out,
                          AttentionShape s, int n) {
        int heads = s.heads(), hs = s.headSize(), kvDim = s.kvDim(), groups = s.heads() / s.kvHeads();
        int maxPos = 0;
        for (int t = 0; t < n; t++) {
            maxPos = Math.max(maxPos, positions[t]);
        }
        int scoreLength = maxPos + 1;
        float scale = 1f / (float) Math.sqrt(hs); // llama.cpp's kq_scale: 1.0f/sqrtf(float(n_embd_head))
        pool.forRange(n * heads, (from, to) -> {
            float[] scores = new float[scoreLength];
            float[] qh = new float[hs];
            float[] group = new float[16];
            float[][] acc = new float[16][hs];
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
                float max = Float.NEGATIVE_INFINITY;
                for (int p = 0; p <= pos; p++) {
                    scores[p] = Ops.dot16(qh, 0, k, p * kvDim + kvOff, hs) * scale;
                    max = Math.max(max, scores[p]);
                }
                double sum = 0;
                for (int g = 0; g <= pos; g += 16) {
                    java.util.Arrays.fill(group, 0f);
                    for (int p = g; p < Math.min(g + 16, pos + 1); p++) {
                        scores[p] = Ops.ggmlExp(scores[p] - max);
                        group[p - g] = scores[p];
                    }
                    sum += Lanes.sum(group);
                }
                float inv = (float) (1.0 / sum);
                for (float[] a : acc) {
                    java.util.Arrays.fill(a, 0f);
                }
                for (int p = 0; p <= pos; p++) {
                    Ops.axpy(acc[p % 16], 0, v, p * kvDim + kvOff, toHalf(scores[p] * inv), hs);
                }
                // the 16 accumulators of each output in Lanes.sum's order: halves, quarters, (0 + 2) + (1 + 3)
                for (int l = 0; l < 8; l++) {
                    Ops.add(acc[l], acc[l + 8], hs);
                }
                for (int l = 0; l < 4; l++) {
                    Ops.add(acc[l], acc[l + 4], hs);
                }
                Ops.add(acc[0], acc[2], hs);
                Ops.add(acc[1], acc[3], hs);
                Ops.add(acc[0], acc[1], hs);
                System.arraycopy(acc[0], 0, out[t], h * hs, hs);
            }
        });
    }

    @Override
    public void swiglu(float[][] gate, float[][] up, int width, int n) {
        // element-wise, so splitting tokens across the pool keeps every bit; serial it was 8 % of a 2-thread
        // moe-1g prefill (one decode token stays on the caller)
        Parallel p = (long) n * width >= SWIGLU_PARALLEL_MIN ? pool : Parallel.INLINE;
        p.forRange(n, (from, to) -> {
            for (int t = from; t < to; t++) {
                Ops.swiglu(gate[t], up[t], width);
            }
        });
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
