package io.symoe.accelerators.backend;

import io.symoe.accelerators.kernel.Ops;
import io.symoe.accelerators.kernel.RoPE;
import io.symoe.accelerators.tensor.Matrix;

/**
 * The operations the forward pass ({@code model.Transformer}) runs, over a batch of {@code n} token rows. The
 * Transformer owns the graph (which op, in which order, residuals); a backend owns how each op is computed: the
 * Vector-API kernels on the host ({@link CpuBackend}) or OpenCL kernels ({@code opencl.OpenClBackend}).
 * Arrays are row-major per token: {@code x[t]} is token t's vector.
 */
public interface ComputeBackend extends AutoCloseable {
    /** A short name for logs and benchmark JSON: {@code cpu}, {@code opencl:<device>}. */
    String name();

    /** Makes {@code w} resident where the backend computes (a device upload, once per tensor); a no-op on the host. */
    default void preload(Matrix w) {
    }

    /** outs[m][t] = ws[m] · x[t] for every matrix (all of x's width); one call so q/k/v or gate/up share a pass. */
    void matmul(Matrix[] ws, float[][] x, float[][][] outs, int n);

    /** out[t] = x[t] / rms(x[t]) * weight; out may be x. */
    void rmsNorm(float[][] out, float[][] x, float[] weight, int dim, float eps, int n);

    /** Rotates the heads of x[t] for positions[t] (the rope carries ordering, dims and tables). */
    void rope(RoPE rope, float[][] x, int heads, int headSize, int[] positions, int n);

    /**
     * Causal attention of q[t] over the F16-rounded cache rows [0, positions[t]] of token t's sequence:
     * {@code keys[t]} / {@code values[t]} are that sequence's arrays for this layer ([pos * kvDim + kvHead * hs + i]).
     * As ggml does for an F16 cache, q and the probabilities are rounded to F16 for the two products.
     */
    void attention(float[][] q, float[][] keys, float[][] values, int[] positions, float[][] out, AttentionShape shape, int n);

    /** gate[t][i] = silu(gate[t][i]) * up[t][i]. */
    void swiglu(float[][] gate, float[][] up, int width, int n);

    /**
     * The router: softmax over each row of logits (overwritten with the probabilities), then the k most probable
     * experts per token, renormalised to sum to 1 when {@code normalize} (build_moe_ffn's norm_w).
     */
    TopK routeTopK(float[][] logits, int k, boolean normalize, int n);

    /** out[rows[j]] += weights[j] * y[j] for every j (the weighted combine of one expert's outputs). */
    void combine(float[][] out, int[] rows, float[][] y, float[] weights, int dim);

    /**
     * A dense SwiGLU feed-forward: out[t] = down · (silu(gate · x[t]) * (up · x[t])). This default composes the
     * primitive ops; a device backend overrides it to keep the hidden activations on the device.
     */
    default void ffnBlock(Matrix gate, Matrix up, Matrix down, float[][] x, float[][] out, int n) {
        float[][] g = new float[n][gate.rows()];
        float[][] u = new float[n][up.rows()];
        matmul(new Matrix[]{gate, up}, x, new float[][][]{g, u}, n);
        swiglu(g, u, gate.rows(), n);
        matmul(new Matrix[]{down}, g, new float[][][]{out}, n);
    }

    /**
     * The attention block of one layer: q/k/v projections (+ biases), olmoe's q/k norms, RoPE, storing k and v
     * F16-rounded at {@code positions[t]} of token t's cache arrays ({@code keys[t]} / {@code values[t]}, layout
     * [pos * kvDim + i]), causal attention and the output projection into {@code out}.
     *
     * <p>This default composes the primitive ops; a device backend overrides it to keep q, k, v and the scores on
     * the device (one upload of xb and one download of out per layer).
     */
    default void attentionBlock(AttentionWeights a, RoPE rope, float[][] xb, float[][] keys, float[][] values,
                                int[] positions, float[][] out, AttentionShape s, float eps, int n) {
        int qDim = s.qDim(), kvDim = s.kvDim();
        float[][] q = new float[n][qDim];
        float[][] k = new float[n][kvDim];
        float[][] v = new float[n][kvDim];
        matmul(new Matrix[]{a.wq(), a.wk(), a.wv()}, xb, new float[][][]{q, k, v}, n);
        if (a.bq() != null) {
            for (int t = 0; t < n; t++) {
                Ops.add(q[t], a.bq(), qDim);
                Ops.add(k[t], a.bk(), kvDim);
                Ops.add(v[t], a.bv(), kvDim);
            }
        }
        if (a.qNorm() != null) { // olmoe: RMSNorm over the whole q / k vector, before RoPE (build_olmoe)
            rmsNorm(q, q, a.qNorm(), qDim, eps, n);
            rmsNorm(k, k, a.kNorm(), kvDim, eps, n);
        }
        rope(rope, q, s.heads(), s.headSize(), positions, n);
        rope(rope, k, s.kvHeads(), s.headSize(), positions, n);
        storeKv(k, v, keys, values, positions, kvDim, n);
        float[][] att = new float[n][qDim];
        attention(q, keys, values, positions, att, s, n);
        matmul(new Matrix[]{a.wo()}, att, new float[][][]{out}, n);
    }

    /**
     * Rounds k[t] and v[t] to half precision into the cache arrays at positions[t]: llama.cpp's default KV cache
     * type is F16, and matching its rounding keeps the logits within summation noise of llama.cpp's.
     */
    static void storeKv(float[][] k, float[][] v, float[][] keys, float[][] values, int[] positions, int kvDim, int n) {
        for (int t = 0; t < n; t++) {
            int base = positions[t] * kvDim;
            for (int i = 0; i < kvDim; i++) {
                keys[t][base + i] = Float.float16ToFloat(Float.floatToFloat16(k[t][i]));
                values[t][base + i] = Float.float16ToFloat(Float.floatToFloat16(v[t][i]));
            }
        }
    }

    /**
     * The routed-experts block of build_moe_ffn over x (n × dim): router logits → softmax → top-k (→ renormalise)
     * → out[t] = Σ_j w_tj · down_e(silu(gate_e · x) * (up_e · x)). {@code out} is overwritten.
     *
     * <p>This default composes the primitive ops on the host, grouping the batch's tokens by expert so each
     * expert's weights stream once per batch (prefill); a device backend overrides it to keep the selection and
     * the experts' work on the device.
     */
    default void moe(ExpertWeights m, float[][] x, float[][] out, int k, boolean normalize, int n) {
        int dim = m.downExps().rows() / m.experts();
        float[][] probs = new float[n][m.experts()];
        matmul(new Matrix[]{m.router()}, x, new float[][][]{probs}, n);
        ExpertRouting routing = ExpertRouting.group(routeTopK(probs, k, normalize, n), m.experts());
        for (int t = 0; t < n; t++) {
            java.util.Arrays.fill(out[t], 0, dim, 0f);
        }
        for (int e = 0; e < m.experts(); e++) {
            int[] tok = routing.tokensOf(e);
            if (tok.length == 0) {
                continue;
            }
            float[][] xs = new float[tok.length][];
            for (int j = 0; j < tok.length; j++) {
                xs[j] = x[tok[j]]; // references, not copies
            }
            float[][] y = new float[tok.length][dim];
            ffnBlock(m.gate(e), m.up(e), m.down(e), xs, y, tok.length);
            combine(out, tok, y, routing.weightsOf(e), dim);
        }
    }

    // ---- the residual stream: the forward pass runs layer by layer on a Residual; these defaults compose the ops
    // above on host arrays, a device backend overrides them to keep x on the device from embedding to logits.

    /** Takes the embedded tokens (n × dim) as the residual stream. */
    default Residual residual(float[][] x, int n, int dim) {
        return new Residual.Host(x, n, dim);
    }

    /** x += attentionBlock(rmsNorm(x) · norm). */
    default void attentionResidual(Residual r, float[] norm, float eps, AttentionWeights a, RoPE rope, float[][] keys,
                                   float[][] values, int[] positions, AttentionShape s) {
        float[][] x = ((Residual.Host) r).x();
        int n = r.tokens(), dim = r.dim();
        float[][] xb = new float[n][dim], delta = new float[n][dim];
        rmsNorm(xb, x, norm, dim, eps, n);
        attentionBlock(a, rope, xb, keys, values, positions, delta, s, eps, n);
        for (int t = 0; t < n; t++) {
            Ops.add(x[t], delta[t], dim);
        }
    }

    /** x += ffnBlock(rmsNorm(x) · norm). */
    default void ffnResidual(Residual r, float[] norm, float eps, Matrix gate, Matrix up, Matrix down) {
        float[][] x = ((Residual.Host) r).x();
        int n = r.tokens(), dim = r.dim();
        float[][] xb = new float[n][dim], delta = new float[n][dim];
        rmsNorm(xb, x, norm, dim, eps, n);
        ffnBlock(gate, up, down, xb, delta, n);
        for (int t = 0; t < n; t++) {
            Ops.add(x[t], delta[t], dim);
        }
    }

    /**
     * x += moe(rmsNorm(x) · norm) (+ sigmoid(sharedGate · xb) · shared(xb), qwen2moe's shared expert, when
     * {@code shared} is non-null: {gate, up, down, sharedGate}).
     */
    default void moeResidual(Residual r, float[] norm, float eps, ExpertWeights m, int k, boolean normalize,
                             Matrix[] shared) {
        float[][] x = ((Residual.Host) r).x();
        int n = r.tokens(), dim = r.dim();
        float[][] xb = new float[n][dim], delta = new float[n][dim];
        rmsNorm(xb, x, norm, dim, eps, n);
        moe(m, xb, delta, k, normalize, n);
        if (shared != null) {
            float[][] y = new float[n][dim];
            ffnBlock(shared[0], shared[1], shared[2], xb, y, n);
            float[][] gate = new float[n][1];
            matmul(new Matrix[]{shared[3]}, xb, new float[][][]{gate}, n);
            for (int t = 0; t < n; t++) {
                Ops.axpy(delta[t], y[t], Ops.sigmoid(gate[t][0]), dim);
            }
        }
        for (int t = 0; t < n; t++) {
            Ops.add(x[t], delta[t], dim);
        }
    }

    /** Logits of the listed rows: output · (rmsNorm(x[row]) · norm). */
    default float[][] logits(Residual r, int[] rows, float[] norm, float eps, Matrix output) {
        float[][] x = ((Residual.Host) r).x();
        int dim = r.dim();
        float[][] last = new float[rows.length][], normed = new float[rows.length][dim];
        for (int i = 0; i < rows.length; i++) {
            last[i] = x[rows[i]];
        }
        rmsNorm(normed, last, norm, dim, eps, rows.length);
        float[][] logits = new float[rows.length][output.rows()];
        matmul(new Matrix[]{output}, normed, new float[][][]{logits}, rows.length);
        return logits;
    }

    @Override
    void close();
}
