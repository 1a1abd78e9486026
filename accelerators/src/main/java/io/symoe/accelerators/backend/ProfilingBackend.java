package io.symoe.accelerators.backend;

import io.symoe.accelerators.kernel.RoPE;
import io.symoe.accelerators.tensor.Matrix;

/**
 * Times each op of a forward pass on a host backend (opt-in, {@code bench engine --profile}): the primitive ops are
 * handed to the wrapped backend, the composite ones (attention block, MoE block, FFN block, logits) run as
 * {@link ComputeBackend}'s defaults so their matmuls come back through {@link #matmul} and are charged to the
 * block they belong to. Two {@code System.nanoTime()} calls per op (a few hundred per token) cost microseconds
 * against a step of milliseconds. Not for device backends: they override the composite ops, which this would
 * bypass; {@link BackendSpec.Profiled} refuses them. The times go to an {@link OpTimes} the caller reads.
 */
public final class ProfilingBackend implements ComputeBackend {
    private final ComputeBackend inner;
    private final OpTimes times;
    /** The block whose matmuls are being run (null outside the composite ops). */
    private OpTimes.Op matmulOwner;
    private Matrix router;

    public ProfilingBackend(ComputeBackend inner, OpTimes times) {
        this.inner = inner;
        this.times = times;
    }

    private void charge(OpTimes.Op op, long since) {
        times.add(op, System.nanoTime() - since);
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void preload(Matrix w) {
        inner.preload(w);
    }

    @Override
    public void matmul(Matrix[] ws, float[][] x, float[][][] outs, int n) {
        long t = System.nanoTime();
        inner.matmul(ws, x, outs, n);
        OpTimes.Op op = matmulOwner == null ? OpTimes.Op.FFN : matmulOwner;
        charge(op == OpTimes.Op.EXPERTS && ws[0] == router ? OpTimes.Op.ROUTER : op, t);
    }

    @Override
    public void rmsNorm(float[][] out, float[][] x, float[] weight, int dim, float eps, int n) {
        long t = System.nanoTime();
        inner.rmsNorm(out, x, weight, dim, eps, n);
        charge(OpTimes.Op.NORM, t);
    }

    @Override
    public void rope(RoPE rope, float[][] x, int heads, int headSize, int[] positions, int n) {
        long t = System.nanoTime();
        inner.rope(rope, x, heads, headSize, positions, n);
        charge(OpTimes.Op.ROPE, t);
    }

    @Override
    public void attention(float[][] q, float[][] keys, float[][] values, int[] positions, float[][] out,
                          AttentionShape shape, int n) {
        long t = System.nanoTime();
        inner.attention(q, keys, values, positions, out, shape, n);
        charge(OpTimes.Op.ATTENTION, t);
    }

    @Override
    public void swiglu(float[][] gate, float[][] up, int width, int n) {
        long t = System.nanoTime();
        inner.swiglu(gate, up, width, n);
        charge(OpTimes.Op.SWIGLU, t);
    }

    @Override
    public TopK routeTopK(float[][] logits, int k, boolean normalize, int n) {
        long t = System.nanoTime();
        TopK r = inner.routeTopK(logits, k, normalize, n);
        charge(OpTimes.Op.ROUTING, t);
        return r;
    }

    @Override
    public void combine(float[][] out, int[] rows, float[][] y, float[] weights, int dim) {
        long t = System.nanoTime();
        inner.combine(out, rows, y, weights, dim);
        charge(OpTimes.Op.COMBINE, t);
    }

    @Override
    public void attentionBlock(AttentionWeights a, RoPE rope, float[][] xb, float[][] keys, float[][] values,
                               int[] positions, float[][] out, AttentionShape s, float eps, int n) {
        OpTimes.Op before = matmulOwner;
        matmulOwner = OpTimes.Op.ATTENTION_MATMULS;
        try {
            ComputeBackend.super.attentionBlock(a, rope, xb, keys, values, positions, out, s, eps, n);
        } finally {
            matmulOwner = before;
        }
    }

    @Override
    public void moe(ExpertWeights m, float[][] x, float[][] out, int k, boolean normalize, int n) {
        OpTimes.Op before = matmulOwner;
        matmulOwner = OpTimes.Op.EXPERTS;
        router = m.router();
        try {
            ComputeBackend.super.moe(m, x, out, k, normalize, n);
        } finally {
            matmulOwner = before;
            router = null;
        }
    }

    @Override
    public void ffnBlock(Matrix gate, Matrix up, Matrix down, float[][] x, float[][] out, int n) {
        if (matmulOwner == OpTimes.Op.EXPERTS) { // the MoE block's experts
            ComputeBackend.super.ffnBlock(gate, up, down, x, out, n);
            return;
        }
        OpTimes.Op before = matmulOwner;
        matmulOwner = OpTimes.Op.FFN;
        try {
            ComputeBackend.super.ffnBlock(gate, up, down, x, out, n);
        } finally {
            matmulOwner = before;
        }
    }

    @Override
    public float[][] logits(Residual r, int[] rows, float[] norm, float eps, Matrix output) {
        OpTimes.Op before = matmulOwner;
        matmulOwner = OpTimes.Op.HEAD;
        try {
            return ComputeBackend.super.logits(r, rows, norm, eps, output);
        } finally {
            matmulOwner = before;
        }
    }

    @Override
    public void close() {
        inner.close();
    }
}
