package io.symoe.accelerators.model;

import io.symoe.accelerators.kernel.MatMul;
import io.symoe.accelerators.kernel.Ops;
import io.symoe.accelerators.kernel.Parallel;
import io.symoe.accelerators.kernel.RoPE;
import io.symoe.accelerators.tensor.Matrix;

/**
 * The forward pass of a pre-norm decoder (llama, qwen2moe, olmoe) over a batch of tokens: consecutive tokens of
 * one sequence (prefill), or the next token of several sequences (batched decode). It reads
 * like llama.cpp's build_llama / build_qwen2moe / build_olmoe graphs:
 * <pre>
 *   h   = x + Wo · attention(rope(Wq·norm(x) + bq), rope(Wk·norm(x) + bk), Wv·norm(x) + bv)
 *   out = h + ffn(norm(h))
 * </pre>
 * where ffn is SwiGLU, or the MoE block: softmax(router · x) → top-k → (renormalise) → Σ w_e · expert_e(x)
 * (+ sigmoid(g · x) · shared(x) for qwen2moe). Prefill groups the batch's tokens by expert so each expert's
 * weights stream through the cores once per batch.
 */
public final class Transformer {
    private final Configuration c;
    private final Weights w;
    private final Parallel pool;
    private final RoPE rope;

    public Transformer(Configuration c, Weights w, Parallel pool, int maxContext) {
        this.c = c;
        this.w = w;
        this.pool = pool;
        this.rope = new RoPE(c.architecture().ropeOrdering(), c.ropeDims(), maxContext, c.ropeBase(), w.ropeFreqs());
    }

    public Configuration configuration() {
        return c;
    }

    public Weights weights() {
        return w;
    }

    /**
     * Runs {@code tokens} at positions [startPos, startPos + n) and returns their logits: every position's when
     * {@code allLogits}, else only the last one's (a 1-row array).
     */
    public float[][] forward(KVCache cache, int[] tokens, int startPos, boolean allLogits) {
        int n = tokens.length;
        if (n == 0) {
            throw new IllegalArgumentException("no tokens");
        }
        if (startPos < 0 || startPos + n > cache.capacity()) {
            throw new IllegalArgumentException("positions [" + startPos + ", " + (startPos + n) + ") exceed the context of "
                    + cache.capacity() + " tokens");
        }
        KVCache[] caches = new KVCache[n];
        int[] positions = new int[n];
        for (int t = 0; t < n; t++) {
            caches[t] = cache;
            positions[t] = startPos + t;
        }
        return forward(caches, positions, tokens, allLogits ? null : new int[]{n - 1});
    }

    /**
     * The general form: token {@code t} belongs to the sequence whose cache is {@code caches[t]} and sits at
     * {@code positions[t]}. Tokens of several sequences share every weight read (batched decode of several
     * prompts); tokens of one sequence must appear in position order. Returns the logits of the tokens listed in
     * {@code logitRows}, or of all tokens when it is null.
     */
    public float[][] forward(KVCache[] caches, int[] positions, int[] tokens, int[] logitRows) {
        int n = tokens.length;
        if (n == 0 || caches.length != n || positions.length != n) {
            throw new IllegalArgumentException("need one cache and one position per token");
        }
        for (int t = 0; t < n; t++) {
            if (positions[t] < 0 || positions[t] >= caches[t].capacity()) {
                throw new IllegalArgumentException("position " + positions[t] + " outside the context of "
                        + caches[t].capacity() + " tokens");
            }
        }
        int dim = c.dim();
        float[][] x = new float[n][dim];
        for (int t = 0; t < n; t++) {
            int tok = tokens[t];
            if (tok < 0 || tok >= c.vocabSize()) {
                throw new IllegalArgumentException("token id " + tok + " outside vocabulary of " + c.vocabSize());
            }
            w.tokenEmbedding().dequantize((long) tok * dim, x[t], 0, dim);
        }
        float[][] xb = new float[n][dim];
        float[][] delta = new float[n][dim];
        for (int l = 0; l < c.layers(); l++) {
            LayerWeights lw = w.layers().get(l);
            for (int t = 0; t < n; t++) {
                Ops.rmsNorm(xb[t], x[t], lw.attnNorm(), dim, c.rmsEps());
            }
            attention(l, lw, caches, positions, xb, delta, n);
            for (int t = 0; t < n; t++) {
                Ops.add(x[t], delta[t], dim);
                Ops.rmsNorm(xb[t], x[t], lw.ffnNorm(), dim, c.rmsEps());
            }
            switch (lw.ffn()) {
                case FeedForward.Dense d -> dense(d, xb, delta, n);
                case FeedForward.Moe m -> moe(m, xb, delta, n);
            }
            for (int t = 0; t < n; t++) {
                Ops.add(x[t], delta[t], dim);
            }
        }
        int rows = logitRows == null ? n : logitRows.length;
        float[][] normed = new float[rows][dim];
        for (int i = 0; i < rows; i++) {
            Ops.rmsNorm(normed[i], x[logitRows == null ? i : logitRows[i]], w.outputNorm(), dim, c.rmsEps());
        }
        float[][] logits = new float[rows][c.vocabSize()];
        MatMul.apply(pool, w.output(), normed, logits, rows);
        return logits;
    }

    private void attention(int layer, LayerWeights lw, KVCache[] caches, int[] positions, float[][] xb, float[][] out, int n) {
        int qDim = c.qDim(), kvDim = c.kvDim(), hs = c.headSize();
        float[][] q = new float[n][qDim];
        float[][] k = new float[n][kvDim];
        float[][] v = new float[n][kvDim];
        MatMul.applyAll(pool, new Matrix[]{lw.wq(), lw.wk(), lw.wv()}, xb, new float[][][]{q, k, v}, n);
        for (int t = 0; t < n; t++) {
            if (lw.bq() != null) {
                Ops.add(q[t], lw.bq(), qDim);
                Ops.add(k[t], lw.bk(), kvDim);
                Ops.add(v[t], lw.bv(), kvDim);
            }
            if (lw.qNorm() != null) { // olmoe: RMSNorm over the whole q / k vector, before RoPE (build_olmoe)
                Ops.rmsNorm(q[t], q[t], lw.qNorm(), qDim, c.rmsEps());
                Ops.rmsNorm(k[t], k[t], lw.kNorm(), kvDim, c.rmsEps());
            }
            rope.apply(q[t], c.heads(), hs, positions[t]);
            rope.apply(k[t], c.kvHeads(), hs, positions[t]);
            caches[t].store(layer, positions[t], k[t], v[t]);
        }
        int maxPos = 0;
        for (int p : positions) {
            maxPos = Math.max(maxPos, p);
        }
        int scoreLength = maxPos + 1;
        int groups = c.heads() / c.kvHeads();
        float scale = (float) (1.0 / Math.sqrt(hs));
        float[][] att = new float[n][qDim];
        pool.forRange(n * c.heads(), (from, to) -> {
            float[] scores = new float[scoreLength];
            float[] qh = new float[hs];
            for (int i = from; i < to; i++) {
                int t = i / c.heads(), h = i % c.heads();
                int pos = positions[t];
                float[] keys = caches[t].keys[layer];
                float[] values = caches[t].values[layer];
                int kvOff = (h / groups) * hs;
                // ggml multiplies the F16 cache by q and by the probabilities converted to F16 (vec_dot_type of F16)
                for (int j = 0; j < hs; j++) {
                    qh[j] = KVCache.toHalf(q[t][h * hs + j]);
                }
                for (int p = 0; p <= pos; p++) {
                    scores[p] = Ops.dot(qh, 0, keys, p * kvDim + kvOff, hs) * scale;
                }
                Ops.softmax(scores, 0, pos + 1);
                for (int p = 0; p <= pos; p++) {
                    scores[p] = KVCache.toHalf(scores[p]);
                }
                int ao = h * hs;
                for (int p = 0; p <= pos; p++) {
                    Ops.axpy(att[t], ao, values, p * kvDim + kvOff, scores[p], hs);
                }
            }
        });
        MatMul.apply(pool, lw.wo(), att, out, n);
    }

    private void dense(FeedForward.Dense d, float[][] xb, float[][] out, int n) {
        float[][] g = new float[n][d.gate().rows()];
        float[][] u = new float[n][d.up().rows()];
        MatMul.applyAll(pool, new Matrix[]{d.gate(), d.up()}, xb, new float[][][]{g, u}, n);
        for (int t = 0; t < n; t++) {
            Ops.swiglu(g[t], u[t], g[t].length);
        }
        MatMul.apply(pool, d.down(), g, out, n);
    }

    private void moe(FeedForward.Moe m, float[][] xb, float[][] out, int n) {
        int experts = m.experts(), k = c.expertsUsed(), dim = c.dim();
        float[][] probs = new float[n][experts];
        MatMul.apply(pool, m.router(), xb, probs, n);
        ExpertRouting routing = ExpertRouting.route(probs, k, c.architecture().normalizeExpertWeights());
        for (int t = 0; t < n; t++) {
            java.util.Arrays.fill(out[t], 0f);
        }
        for (int e = 0; e < experts; e++) {
            int[] tok = routing.tokensOf(e);
            if (tok.length == 0) {
                continue;
            }
            float[][] xs = new float[tok.length][];
            for (int j = 0; j < tok.length; j++) {
                xs[j] = xb[tok[j]]; // references, not copies
            }
            float[][] y = new float[tok.length][dim];
            dense(new FeedForward.Dense(m.gate(e), m.up(e), m.down(e)), xs, y, tok.length);
            float[] weights = routing.weightsOf(e);
            for (int j = 0; j < tok.length; j++) {
                Ops.axpy(out[tok[j]], y[j], weights[j], dim);
            }
        }
        if (m.shared() != null) {
            float[][] y = new float[n][dim];
            dense(m.shared().ffn(), xb, y, n);
            float[][] gate = new float[n][1];
            MatMul.apply(pool, m.shared().gate(), xb, gate, n);
            for (int t = 0; t < n; t++) {
                Ops.axpy(out[t], y[t], Ops.sigmoid(gate[t][0]), dim);
            }
        }
    }

    /** Bytes of weights a decoded token streams (active experts only). */
    public long activeBytesPerToken() {
        return w.activeBytesPerToken(c.expertsUsed());
    }

}
