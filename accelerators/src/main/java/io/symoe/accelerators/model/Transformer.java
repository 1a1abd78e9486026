package io.symoe.accelerators.model;

import io.symoe.accelerators.backend.AttentionShape;
import io.symoe.accelerators.backend.AttentionWeights;
import io.symoe.accelerators.backend.ComputeBackend;
import io.symoe.accelerators.backend.CpuBackend;
import io.symoe.accelerators.backend.ExpertWeights;
import io.symoe.accelerators.backend.Residual;
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
 * weights stream through the cores once per batch. Every numeric op goes through a {@link ComputeBackend}.
 */
public final class Transformer {
    private final Configuration c;
    private final Weights w;
    private final ComputeBackend backend;
    private final RoPE rope;

    /** On the CPU backend over {@code pool} (owned by the caller). */
    public Transformer(Configuration c, Weights w, Parallel pool, int maxContext) {
        this(c, w, new CpuBackend(pool), maxContext);
    }

    /** On {@code backend} (owned by the caller). */
    public Transformer(Configuration c, Weights w, ComputeBackend backend, int maxContext) {
        this.c = c;
        this.w = w;
        this.backend = backend;
        this.rope = new RoPE(c.architecture().ropeOrdering(), c.ropeDims(), maxContext, c.ropeBase(), w.ropeFreqs());
        // a device backend uploads each weight tensor once, here, rather than on the first token
        backend.preload(w.output());
        for (LayerWeights lw : w.layers()) {
            for (Matrix m : new Matrix[]{lw.wq(), lw.wk(), lw.wv(), lw.wo()}) {
                backend.preload(m);
            }
            switch (lw.ffn()) {
                case FeedForward.Dense d -> {
                    backend.preload(d.gate());
                    backend.preload(d.up());
                    backend.preload(d.down());
                }
                case FeedForward.Moe m -> {
                    for (Matrix x : new Matrix[]{m.router(), m.gateExps(), m.upExps(), m.downExps()}) {
                        backend.preload(x);
                    }
                    if (m.shared() != null) {
                        backend.preload(m.shared().gate());
                        backend.preload(m.shared().ffn().gate());
                        backend.preload(m.shared().ffn().up());
                        backend.preload(m.shared().ffn().down());
                    }
                }
            }
        }
    }

    public Configuration configuration() {
        return c;
    }

    public Weights weights() {
        return w;
    }

    public ComputeBackend backend() {
        return backend;
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
        AttentionShape shape = new AttentionShape(c.heads(), c.kvHeads(), c.headSize());
        boolean normalize = c.architecture().normalizeExpertWeights();
        try (Residual r = backend.residual(x, n, dim)) {
            for (int l = 0; l < c.layers(); l++) {
                LayerWeights lw = w.layers().get(l);
                float[][] keys = new float[n][];
                float[][] values = new float[n][];
                for (int t = 0; t < n; t++) {
                    keys[t] = caches[t].keys[l];
                    values[t] = caches[t].values[l];
                }
                backend.attentionResidual(r, lw.attnNorm(), c.rmsEps(), new AttentionWeights(lw.wq(), lw.wk(), lw.wv(),
                        lw.wo(), lw.bq(), lw.bk(), lw.bv(), lw.qNorm(), lw.kNorm()), rope, keys, values, positions, shape);
                switch (lw.ffn()) {
                    case FeedForward.Dense d -> backend.ffnResidual(r, lw.ffnNorm(), c.rmsEps(), d.gate(), d.up(), d.down());
                    case FeedForward.Moe m -> backend.moeResidual(r, lw.ffnNorm(), c.rmsEps(),
                            new ExpertWeights(m.router(), m.gateExps(), m.upExps(), m.downExps(), m.experts()),
                            c.expertsUsed(), normalize, m.shared() == null ? null : new Matrix[]{m.shared().ffn().gate(),
                                    m.shared().ffn().up(), m.shared().ffn().down(), m.shared().gate()});
                }
            }
            int[] rows = logitRows;
            if (rows == null) {
                rows = new int[n];
                for (int t = 0; t < n; t++) {
                    rows[t] = t;
                }
            }
            return backend.logits(r, rows, w.outputNorm(), c.rmsEps(), w.output());
        }
    }

    /** Bytes of weights a decoded token streams (active experts only, plus its token-embedding row). */
    public long activeBytesPerToken() {
        return w.activeBytesPerToken(c.expertsUsed()) + w.tokenEmbedding().bytesFor(c.dim());
    }

}
