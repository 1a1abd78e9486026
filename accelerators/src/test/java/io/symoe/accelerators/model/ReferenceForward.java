package io.symoe.accelerators.model;

import io.symoe.accelerators.gguf.GGUF;
import io.symoe.accelerators.gguf.TensorInfo;
import io.symoe.accelerators.tensor.FloatTensor;

/**
 * A deliberately naive forward pass for tests: every weight dequantised element by element, double-precision
 * sums, one token at a time, no batching, no expert grouping, float activations, float KV cache. It spells out
 * the same equations as llama.cpp's graphs so the engine's optimised path can be checked against it on models
 * the llama.cpp reference does not cover (olmoe).
 */
final class ReferenceForward {
    private final GGUF g;
    private final Configuration c;

    ReferenceForward(GGUF g) {
        this.g = g;
        this.c = ModelLoader.configuration(g);
    }

    private float w(String name, long i) {
        TensorInfo t = g.tensor(name).orElseThrow();
        return FloatTensor.of(t.type(), g.data(t), t.elementCount()).get(i);
    }

    private boolean has(String name) {
        return g.tensor(name).isPresent();
    }

    /** y = W x for ggml weight [cols, rows(, expert)]. */
    private double[] mv(String name, double[] x, int rows, int expert) {
        int cols = x.length;
        double[] y = new double[rows];
        long base = (long) expert * rows * cols;
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int i = 0; i < cols; i++) {
                s += w(name, base + (long) r * cols + i) * x[i];
            }
            y[r] = s;
        }
        return y;
    }

    private double[] rms(double[] x, String weight) {
        double ss = 0;
        for (double v : x) {
            ss += v * v;
        }
        double scale = 1 / Math.sqrt(ss / x.length + c.rmsEps());
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] * scale * w(weight, i);
        }
        return y;
    }

    private void rope(double[] x, int heads, int pos) {
        int hs = c.headSize(), half = c.ropeDims() / 2;
        boolean neox = c.architecture().ropeOrdering() == io.symoe.accelerators.kernel.RoPE.Ordering.NEOX;
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < half; i++) {
                double theta = pos * Math.pow(c.ropeBase(), -2.0 * i / c.ropeDims());
                int a = neox ? h * hs + i : h * hs + 2 * i;
                int b = neox ? a + half : a + 1;
                double x0 = x[a], x1 = x[b];
                x[a] = x0 * Math.cos(theta) - x1 * Math.sin(theta);
                x[b] = x0 * Math.sin(theta) + x1 * Math.cos(theta);
            }
        }
    }

    private double[] swiglu(String gate, String up, String down, double[] x, int ff, int expert) {
        double[] a = mv(gate, x, ff, expert), b = mv(up, x, ff, expert);
        for (int i = 0; i < ff; i++) {
            a[i] = a[i] / (1 + Math.exp(-a[i])) * b[i];
        }
        return mv(down, a, c.dim(), expert);
    }

    float[][] logits(int[] tokens) {
        int n = tokens.length, dim = c.dim(), hs = c.headSize();
        double[][][] keys = new double[c.layers()][n][], values = new double[c.layers()][n][];
        float[][] out = new float[n][];
        for (int t = 0; t < n; t++) {
            double[] x = new double[dim];
            for (int i = 0; i < dim; i++) {
                x[i] = w("token_embd.weight", (long) tokens[t] * dim + i);
            }
            for (int l = 0; l < c.layers(); l++) {
                String p = "blk." + l + ".";
                double[] xb = rms(x, p + "attn_norm.weight");
                double[] q = mv(p + "attn_q.weight", xb, c.qDim(), 0);
                double[] k = mv(p + "attn_k.weight", xb, c.kvDim(), 0);
                double[] v = mv(p + "attn_v.weight", xb, c.kvDim(), 0);
                if (has(p + "attn_q.bias")) {
                    for (int i = 0; i < q.length; i++) q[i] += w(p + "attn_q.bias", i);
                    for (int i = 0; i < k.length; i++) k[i] += w(p + "attn_k.bias", i);
                    for (int i = 0; i < v.length; i++) v[i] += w(p + "attn_v.bias", i);
                }
                if (has(p + "attn_q_norm.weight")) {
                    q = rms(q, p + "attn_q_norm.weight");
                    k = rms(k, p + "attn_k_norm.weight");
                }
                rope(q, c.heads(), t);
                rope(k, c.kvHeads(), t);
                keys[l][t] = k;
                values[l][t] = v;
                double[] att = new double[c.qDim()];
                for (int h = 0; h < c.heads(); h++) {
                    int kvh = h / (c.heads() / c.kvHeads());
                    double[] s = new double[t + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int p2 = 0; p2 <= t; p2++) {
                        double d = 0;
                        for (int j = 0; j < hs; j++) d += q[h * hs + j] * keys[l][p2][kvh * hs + j];
                        s[p2] = d / Math.sqrt(hs);
                        max = Math.max(max, s[p2]);
                    }
                    double sum = 0;
                    for (int p2 = 0; p2 <= t; p2++) sum += s[p2] = Math.exp(s[p2] - max);
                    for (int p2 = 0; p2 <= t; p2++)
                        for (int j = 0; j < hs; j++) att[h * hs + j] += s[p2] / sum * values[l][p2][kvh * hs + j];
                }
                double[] o = mv(p + "attn_output.weight", att, dim, 0);
                for (int i = 0; i < dim; i++) x[i] += o[i];
                xb = rms(x, p + "ffn_norm.weight");
                double[] f;
                if (!c.isMoe()) {
                    f = swiglu(p + "ffn_gate.weight", p + "ffn_up.weight", p + "ffn_down.weight", xb,
                            (int) g.tensor(p + "ffn_gate.weight").orElseThrow().dim(1), 0);
                } else {
                    int e = c.expertCount(), ff = (int) g.tensor(p + "ffn_gate_exps.weight").orElseThrow().dim(1);
                    double[] logit = mv(p + "ffn_gate_inp.weight", xb, e, 0);
                    double max = Double.NEGATIVE_INFINITY, sum = 0;
                    for (double z : logit) max = Math.max(max, z);
                    double[] prob = new double[e];
                    for (int i = 0; i < e; i++) sum += prob[i] = Math.exp(logit[i] - max);
                    for (int i = 0; i < e; i++) prob[i] /= sum;
                    boolean[] taken = new boolean[e];
                    int[] sel = new int[c.expertsUsed()];
                    double wsum = 0;
                    for (int j = 0; j < sel.length; j++) {
                        int best = -1;
                        for (int i = 0; i < e; i++) if (!taken[i] && (best < 0 || prob[i] > prob[best])) best = i;
                        taken[best] = true;
                        sel[j] = best;
                        wsum += prob[best];
                    }
                    f = new double[dim];
                    for (int ex : sel) {
                        double weight = c.architecture().normalizeExpertWeights() ? prob[ex] / wsum : prob[ex];
                        double[] y = swiglu(p + "ffn_gate_exps.weight", p + "ffn_up_exps.weight", p + "ffn_down_exps.weight", xb, ff, ex);
                        for (int i = 0; i < dim; i++) f[i] += weight * y[i];
                    }
                    if (has(p + "ffn_gate_inp_shexp.weight")) {
                        int sff = (int) g.tensor(p + "ffn_gate_shexp.weight").orElseThrow().dim(1);
                        double[] y = swiglu(p + "ffn_gate_shexp.weight", p + "ffn_up_shexp.weight", p + "ffn_down_shexp.weight", xb, sff, 0);
                        double gate = 1 / (1 + Math.exp(-mv(p + "ffn_gate_inp_shexp.weight", xb, 1, 0)[0]));
                        for (int i = 0; i < dim; i++) f[i] += gate * y[i];
                    }
                }
                for (int i = 0; i < dim; i++) x[i] += f[i];
            }
            double[] xn = rms(x, "output_norm.weight");
            double[] lg = mv("output.weight", xn, c.vocabSize(), 0);
            out[t] = new float[lg.length];
            for (int i = 0; i < lg.length; i++) out[t][i] = (float) lg[i];
        }
        return out;
    }
}
