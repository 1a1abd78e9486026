package io.symoe.accelerators.kernel;

import io.symoe.accelerators.tensor.ActivationFormat;
import io.symoe.accelerators.tensor.Matrix;
import io.symoe.accelerators.tensor.Lanes;
import io.symoe.accelerators.tensor.QuantizedActivation;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.EnumMap;
import java.util.Map;

/**
 * out[t][r] = W[r] · x[t] for a batch of activations, parallel over output rows. Each weight row is dotted with
 * every activation of the batch while it is in cache, so a batch streams the weights from memory once: this is
 * what makes prefill (and grouping tokens by expert) cheaper per token than decode.
 *
 * <p>For quantised weights the activations are first quantised once per matmul, as llama.cpp does
 * (ggml_compute_forward_mul_mat converts src1 to the weight type's vec_dot_type).
 *
 * <p>{@link #applyAll} runs several matrices over the same input (q/k/v, gate/up) as one parallel loop: one
 * wake-up of the pool instead of several, which matters in decode where each matmul is short.
 */
public final class MatMul {
    /** Below this many multiply-adds a matmul runs on the calling thread: waking the pool costs more (tiny models). */
    static final long INLINE_WORK = 1 << 15;
    /** From this batch size on, dequantising a row once (into L1) beats re-decoding it per token. */
    static final int ROW_REUSE_MIN_BATCH = 3;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Rows per kernel call when a batch of two shares them (the second token finds them in cache). */
    static final int DECODE_ROWS = 4;

    private MatMul() {
    }

    public static void apply(Parallel pool, Matrix w, float[][] x, float[][] out, int batch) {
        applyAll(pool, new Matrix[]{w}, x, new float[][][]{out}, batch);
    }

    /** Single-vector form (decode). */
    public static void apply(Parallel pool, Matrix w, float[] x, float[] out) {
        apply(pool, w, new float[][]{x}, new float[][]{out}, 1);
    }

    /** outs[m][t][r] = ws[m][r] · x[t] for every matrix m (all with x's width), in one parallel loop over all rows. */
    public static void applyAll(Parallel pool, Matrix[] ws, float[][] x, float[][][] outs, int batch) {
        if (batch == 0) {
            return;
        }
        int[] start = new int[ws.length + 1];
        long work = 0;
        Map<ActivationFormat, QuantizedActivation[]> quantised = new EnumMap<>(ActivationFormat.class);
        for (int m = 0; m < ws.length; m++) {
            start[m + 1] = start[m] + ws[m].rows();
            work += (long) ws[m].rows() * ws[m].cols() * batch;
            ActivationFormat f = ws[m].tensor().activationFormat();
            if (f != ActivationFormat.FLOAT && !quantised.containsKey(f)) {
                QuantizedActivation[] xq = new QuantizedActivation[batch];
                for (int t = 0; t < batch; t++) {
                    xq[t] = f.quantize(x[t], ws[m].cols());
                }
                quantised.put(f, xq);
            }
        }
        // the float activations of the batched path, prepared before the workers start (no lazy shared state)
        Map<ActivationFormat, float[][]> acts = new EnumMap<>(ActivationFormat.class);
        if (batch >= ROW_REUSE_MIN_BATCH) {
            acts.put(ActivationFormat.FLOAT, x);
            quantised.forEach((f, xq) -> {
                if (rowReuse(f, batch)) {
                    acts.put(f, activations(f, x, xq, batch));
                }
            });
        }
        Parallel p = work < INLINE_WORK ? Parallel.INLINE : pool;
        p.forRange(start[ws.length], (from, to) -> {
            int m = 0;
            while (start[m + 1] <= from) {
                m++;
            }
            Scratch scratch = null; // per chunk: a worker's row buffer
            for (int r = from; r < to; ) {
                int end = Math.min(to, start[m + 1]);
                Matrix w = ws[m];
                ActivationFormat f = w.tensor().activationFormat();
                if (batch >= ROW_REUSE_MIN_BATCH) {
                    if (scratch == null || scratch.row.length < w.cols()) {
                        scratch = new Scratch(w.cols());
                    }
                    if (f == ActivationFormat.Q8_0) {
                        blockRows(w, quantised.get(f), outs[m], batch, r - start[m], end - start[m], scratch);
                    } else {
                        batchRows(w, acts.get(f), outs[m], batch, r - start[m], end - start[m], scratch);
                    }
                } else if (f == ActivationFormat.FLOAT) {
                    floatRows(w, x, outs[m], batch, r - start[m], end - start[m]);
                } else {
                    quantisedRows(w, quantised.get(f), outs[m], batch, r - start[m], end - start[m]);
                }
                r = end;
                m++;
            }
        });
    }

    /**
     * Whether a batch dots a dequantised row with float activations. Not for Q8_0 activations (Q8_0 and Q4_0
     * weights): those rows are unpacked into exact integer quants and dotted per block ({@link #blockRows}).
     */
    private static boolean rowReuse(ActivationFormat f, int batch) {
        return batch >= ROW_REUSE_MIN_BATCH && f != ActivationFormat.Q8_0;
    }

    private static void floatRows(Matrix w, float[][] x, float[][] out, int batch, int from, int to) {
        for (int r = from; r < to; r++) {
            for (int t = 0; t < batch; t++) {
                out[t][r] = w.dotRow(r, x[t], 0);
            }
        }
    }

    /**
     * Decode: the chunk's rows in one kernel call (which takes them four at a time, loading and converting each
     * activation block once per four rows); a batch of two goes {@link #DECODE_ROWS} rows at a time so the second
     * token finds them still in cache.
     */
    private static void quantisedRows(Matrix w, QuantizedActivation[] xq, float[][] out, int batch, int from, int to) {
        if (batch == 1) {
            w.dotRows(from, to - from, xq[0], out[0]);
            return;
        }
        for (int r = from; r < to; r += DECODE_ROWS) {
            int count = Math.min(DECODE_ROWS, to - r);
            for (int t = 0; t < batch; t++) {
                w.dotRows(r, count, xq[t], out[t]);
            }
        }
    }

    /** The activations a batched matmul dots with: x itself, or its quantisation as floats (q · d). */
    private static float[][] activations(ActivationFormat f, float[][] x, QuantizedActivation[] xq, int batch) {
        if (f == ActivationFormat.FLOAT) {
            return x;
        }
        float[][] a = new float[batch][];
        for (int t = 0; t < batch; t++) {
            a[t] = xq[t].dequantized();
        }
        return a;
    }

    /** Per-thread buffer for one dequantised weight row (or its block quants and scales). */
    private static final class Scratch {
        final float[] row;
        final float[] scales;
        /** Rows 2–4 of a group's block quants and scales (blockRows unpacks rows four or two at a time). */
        final float[] row2;
        final float[] scales2;
        final float[] row3;
        final float[] scales3;
        final float[] row4;
        final float[] scales4;
        final float[] four = new float[4];

        Scratch(int cols) {
            row = new float[cols];
            scales = new float[cols / 32 + 1];
            row2 = new float[cols];
            scales2 = new float[cols / 32 + 1];
            row3 = new float[cols];
            scales3 = new float[cols / 32 + 1];
            row4 = new float[cols];
            scales4 = new float[cols / 32 + 1];
        }
    }

    /**
     * Prefill for Q8_0/Q4_0 weights: each row's block quants unpacked once into L1 as exact floats, then per
     * token and block the lane sums w[l]·x[l] + w[l+16]·x[l+16] (exact integers in float) times d_w·d_x into the
     * accumulator: the same float operations, in the same order, as the int8 dot of decode, so a token's logits
     * are the same bits whether it is decoded alone or in a batch (no rounding tie can fall differently), at the
     * cost of three float ops per 16 weights and token instead of the int8 dot's ten.
     */
    private static void blockRows(Matrix w, QuantizedActivation[] xq, float[][] out, int batch, int from, int to, Scratch s) {
        int cols = w.cols();
        int r = from;
        if (F.length() == 16 && batch >= 4) {
            for (; r + 4 <= to; r += 4) {
                w.tensor().unpackBlocks(w.offset() + (long) r * cols, s.row, s.scales, cols);
                w.tensor().unpackBlocks(w.offset() + (long) (r + 1) * cols, s.row2, s.scales2, cols);
                w.tensor().unpackBlocks(w.offset() + (long) (r + 2) * cols, s.row3, s.scales3, cols);
                w.tensor().unpackBlocks(w.offset() + (long) (r + 3) * cols, s.row4, s.scales4, cols);
                int t = 0;
                for (; t + 4 <= batch; t += 4) {
                    blockDot4x4(s, xq, t, cols, out, r);
                }
                for (; t < batch; t++) {
                    out[t][r] = blockDot(s.row, s.scales, xq[t].quants(), xq[t].scales(), cols);
                    out[t][r + 1] = blockDot(s.row2, s.scales2, xq[t].quants(), xq[t].scales(), cols);
                    out[t][r + 2] = blockDot(s.row3, s.scales3, xq[t].quants(), xq[t].scales(), cols);
                    out[t][r + 3] = blockDot(s.row4, s.scales4, xq[t].quants(), xq[t].scales(), cols);
                }
            }
            for (; r + 2 <= to; r += 2) {
                w.tensor().unpackBlocks(w.offset() + (long) r * cols, s.row, s.scales, cols);
                w.tensor().unpackBlocks(w.offset() + (long) (r + 1) * cols, s.row2, s.scales2, cols);
                int t = 0;
                for (; t + 4 <= batch; t += 4) {
                    blockDot2x4(s.row, s.scales, s.row2, s.scales2, xq, t, cols, out, r);
                }
                for (; t < batch; t++) {
                    out[t][r] = blockDot(s.row, s.scales, xq[t].quants(), xq[t].scales(), cols);
                    out[t][r + 1] = blockDot(s.row2, s.scales2, xq[t].quants(), xq[t].scales(), cols);
                }
            }
        }
        for (; r < to; r++) {
            w.tensor().unpackBlocks(w.offset() + (long) r * cols, s.row, s.scales, cols);
            int t = 0;
            if (F.length() == 16) {
                for (; t + 2 <= batch; t += 2) {
                    blockDot2(s.row, s.scales, xq[t], xq[t + 1], cols, s.four);
                    out[t][r] = s.four[0];
                    out[t + 1][r] = s.four[1];
                }
            }
            for (; t < batch; t++) {
                out[t][r] = blockDot(s.row, s.scales, xq[t].quants(), xq[t].scales(), cols);
            }
        }
    }

    /**
     * {@link #blockDot} for two weight rows (a: out[.][r], b: out[.][r + 1]) × four tokens (t .. t + 3), 16 float
     * lanes: each activation block, streamed from L2 for every row pair, is loaded once for two rows and each
     * weight block once for four tokens, with eight independent accumulator chains. Per (row, token) the float
     * operations and their order are blockDot's (so decode's bits).
     */
    static void blockDot2x4(float[] wa, float[] sa, float[] wb, float[] sb, QuantizedActivation[] xq, int t, int n,
                            float[][] out, int r) {
        float[] q0 = xq[t].quants(), q1 = xq[t + 1].quants(), q2 = xq[t + 2].quants(), q3 = xq[t + 3].quants();
        float[] s0 = xq[t].scales(), s1 = xq[t + 1].scales(), s2 = xq[t + 2].scales(), s3 = xq[t + 3].scales();
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        for (int j = 0, k = 0; j < n; j += 32, k++) {
            FloatVector wa0 = FloatVector.fromArray(F, wa, j), wa1 = FloatVector.fromArray(F, wa, j + 16);
            FloatVector wb0 = FloatVector.fromArray(F, wb, j), wb1 = FloatVector.fromArray(F, wb, j + 16);
            float da = sa[k], db = sb[k];
            FloatVector x0 = FloatVector.fromArray(F, q0, j), x1 = FloatVector.fromArray(F, q0, j + 16);
            a0 = wa1.fma(x1, wa0.mul(x0)).fma(FloatVector.broadcast(F, da * s0[k]), a0);
            b0 = wb1.fma(x1, wb0.mul(x0)).fma(FloatVector.broadcast(F, db * s0[k]), b0);
            x0 = FloatVector.fromArray(F, q1, j);
            x1 = FloatVector.fromArray(F, q1, j + 16);
            a1 = wa1.fma(x1, wa0.mul(x0)).fma(FloatVector.broadcast(F, da * s1[k]), a1);
            b1 = wb1.fma(x1, wb0.mul(x0)).fma(FloatVector.broadcast(F, db * s1[k]), b1);
            x0 = FloatVector.fromArray(F, q2, j);
            x1 = FloatVector.fromArray(F, q2, j + 16);
            a2 = wa1.fma(x1, wa0.mul(x0)).fma(FloatVector.broadcast(F, da * s2[k]), a2);
            b2 = wb1.fma(x1, wb0.mul(x0)).fma(FloatVector.broadcast(F, db * s2[k]), b2);
            x0 = FloatVector.fromArray(F, q3, j);
            x1 = FloatVector.fromArray(F, q3, j + 16);
            a3 = wa1.fma(x1, wa0.mul(x0)).fma(FloatVector.broadcast(F, da * s3[k]), a3);
            b3 = wb1.fma(x1, wb0.mul(x0)).fma(FloatVector.broadcast(F, db * s3[k]), b3);
        }
        FloatVector zero = FloatVector.zero(F); // + zero as blockDot adds its unused second accumulator
        out[t][r] = Lanes.sum(a0.add(zero).toArray());
        out[t + 1][r] = Lanes.sum(a1.add(zero).toArray());
        out[t + 2][r] = Lanes.sum(a2.add(zero).toArray());
        out[t + 3][r] = Lanes.sum(a3.add(zero).toArray());
        out[t][r + 1] = Lanes.sum(b0.add(zero).toArray());
        out[t + 1][r + 1] = Lanes.sum(b1.add(zero).toArray());
        out[t + 2][r + 1] = Lanes.sum(b2.add(zero).toArray());
        out[t + 3][r + 1] = Lanes.sum(b3.add(zero).toArray());
    }

    /**
     * {@link #blockDot} for four unpacked weight rows (the scratch's row .. row4: out[.][r .. r + 3]) × four tokens,
     * 16 float lanes, sixteen accumulators: each activation block loaded from L2 serves four rows (half the loads
     * of {@link #blockDot2x4}). Per (row, token) blockDot's operations in its order.
     */
    static void blockDot4x4(Scratch sc, QuantizedActivation[] xq, int t, int n, float[][] out, int r) {
        float[] wa = sc.row, wb = sc.row2, wc = sc.row3, wd = sc.row4;
        float[] sa = sc.scales, sb = sc.scales2, scc = sc.scales3, sd = sc.scales4;
        float[] q0 = xq[t].quants(), q1 = xq[t + 1].quants(), q2 = xq[t + 2].quants(), q3 = xq[t + 3].quants();
        float[] s0 = xq[t].scales(), s1 = xq[t + 1].scales(), s2 = xq[t + 2].scales(), s3 = xq[t + 3].scales();
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        FloatVector c0 = a0, c1 = a0, c2 = a0, c3 = a0, d0 = a0, d1 = a0, d2 = a0, d3 = a0;
        for (int j = 0, k = 0; j < n; j += 32, k++) {
            FloatVector wa0 = FloatVector.fromArray(F, wa, j), wa1 = FloatVector.fromArray(F, wa, j + 16);
            FloatVector wb0 = FloatVector.fromArray(F, wb, j), wb1 = FloatVector.fromArray(F, wb, j + 16);
            FloatVector wc0 = FloatVector.fromArray(F, wc, j), wc1 = FloatVector.fromArray(F, wc, j + 16);
            FloatVector wd0 = FloatVector.fromArray(F, wd, j), wd1 = FloatVector.fromArray(F, wd, j + 16);
            float da = sa[k], db = sb[k], dc = scc[k], dd = sd[k];
            float x = s0[k];
            FloatVector x0 = FloatVector.fromArray(F, q0, j), x1 = FloatVector.fromArray(F, q0, j + 16);
            a0 = wa1.fma(x1, wa0.mul(x0)).fma(FloatVector.broadcast(F, da * x), a0);
            b0 = wb1.fma(x1, wb0.mul(x0)).fma(FloatVector.broadcast(F, db * x), b0);
            c0 = wc1.fma(x1, wc0.mul(x0)).fma(FloatVector.broadcast(F, dc * x), c0);
            d0 = wd1.fma(x1, wd0.mul(x0)).fma(FloatVector.broadcast(F, dd * x), d0);
            x = s1[k];
            x0 = FloatVector.fromArray(F, q1, j);
            x1 = FloatVector.fromArray(F, q1, j + 16);
            a1 = wa1.fma(x1, wa0.mul(x0)).fma(FloatVector.broadcast(F, da * x), a1);
            b1 = wb1.fma(x1, wb0.mul(x0)).fma(FloatVector.broadcast(F, db * x), b1);
            c1 = wc1.fma(x1, wc0.mul(x0)).fma(FloatVector.broadcast(F, dc * x), c1);
            d1 = wd1.fma(x1, wd0.mul(x0)).fma(FloatVector.broadcast(F, dd * x), d1);
            x = s2[k];
            x0 = FloatVector.fromArray(F, q2, j);
            x1 = FloatVector.fromArray(F, q2, j + 16);
            a2 = wa1.fma(x1, wa0.mul(x0)).fma(FloatVector.broadcast(F, da * x), a2);
            b2 = wb1.fma(x1, wb0.mul(x0)).fma(FloatVector.broadcast(F, db * x), b2);
            c2 = wc1.fma(x1, wc0.mul(x0)).fma(FloatVector.broadcast(F, dc * x), c2);
            d2 = wd1.fma(x1, wd0.mul(x0)).fma(FloatVector.broadcast(F, dd * x), d2);
            x = s3[k];
            x0 = FloatVector.fromArray(F, q3, j);
            x1 = FloatVector.fromArray(F, q3, j + 16);
            a3 = wa1.fma(x1, wa0.mul(x0)).fma(FloatVector.broadcast(F, da * x), a3);
            b3 = wb1.fma(x1, wb0.mul(x0)).fma(FloatVector.broadcast(F, db * x), b3);
            c3 = wc1.fma(x1, wc0.mul(x0)).fma(FloatVector.broadcast(F, dc * x), c3);
            d3 = wd1.fma(x1, wd0.mul(x0)).fma(FloatVector.broadcast(F, dd * x), d3);
        }
        FloatVector zero = FloatVector.zero(F); // + zero as blockDot adds its unused second accumulator
        out[t][r] = Lanes.sum(a0.add(zero).toArray());
        out[t + 1][r] = Lanes.sum(a1.add(zero).toArray());
        out[t + 2][r] = Lanes.sum(a2.add(zero).toArray());
        out[t + 3][r] = Lanes.sum(a3.add(zero).toArray());
        out[t][r + 1] = Lanes.sum(b0.add(zero).toArray());
        out[t + 1][r + 1] = Lanes.sum(b1.add(zero).toArray());
        out[t + 2][r + 1] = Lanes.sum(b2.add(zero).toArray());
        out[t + 3][r + 1] = Lanes.sum(b3.add(zero).toArray());
        out[t][r + 2] = Lanes.sum(c0.add(zero).toArray());
        out[t + 1][r + 2] = Lanes.sum(c1.add(zero).toArray());
        out[t + 2][r + 2] = Lanes.sum(c2.add(zero).toArray());
        out[t + 3][r + 2] = Lanes.sum(c3.add(zero).toArray());
        out[t][r + 3] = Lanes.sum(d0.add(zero).toArray());
        out[t + 1][r + 3] = Lanes.sum(d1.add(zero).toArray());
        out[t + 2][r + 3] = Lanes.sum(d2.add(zero).toArray());
        out[t + 3][r + 3] = Lanes.sum(d3.add(zero).toArray());
    }

    /** {@link #blockDot} for two tokens sharing each weight load (16 float lanes only). */
    static void blockDot2(float[] wq, float[] ws, QuantizedActivation a, QuantizedActivation b, int n, float[] out) {
        float[] aq = a.quants(), as = a.scales(), bq = b.quants(), bs = b.scales();
        FloatVector accA = FloatVector.zero(F);
        FloatVector accB = FloatVector.zero(F);
        for (int j = 0, k = 0; j < n; j += 32, k++) {
            FloatVector w0 = FloatVector.fromArray(F, wq, j);
            FloatVector w1 = FloatVector.fromArray(F, wq, j + 16);
            FloatVector pa = w1.fma(FloatVector.fromArray(F, aq, j + 16), w0.mul(FloatVector.fromArray(F, aq, j)));
            FloatVector pb = w1.fma(FloatVector.fromArray(F, bq, j + 16), w0.mul(FloatVector.fromArray(F, bq, j)));
            accA = pa.fma(FloatVector.broadcast(F, ws[k] * as[k]), accA);
            accB = pb.fma(FloatVector.broadcast(F, ws[k] * bs[k]), accB);
        }
        out[0] = Lanes.sum((accA).toArray());
        out[1] = Lanes.sum((accB).toArray());
    }

    static float blockDot(float[] wq, float[] ws, float[] xq, float[] xs, int n) {
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        if (F.length() == 16) {
            for (int j = 0, b = 0; j < n; j += 32, b++) {
                FloatVector p = FloatVector.fromArray(F, wq, j).mul(FloatVector.fromArray(F, xq, j));
                p = FloatVector.fromArray(F, wq, j + 16).fma(FloatVector.fromArray(F, xq, j + 16), p);
                acc0 = p.fma(FloatVector.broadcast(F, ws[b] * xs[b]), acc0);
            }
        } else if (F.length() == 8) {
            for (int j = 0, b = 0; j < n; j += 32, b++) {
                FloatVector d = FloatVector.broadcast(F, ws[b] * xs[b]);
                FloatVector p0 = FloatVector.fromArray(F, wq, j).mul(FloatVector.fromArray(F, xq, j));
                p0 = FloatVector.fromArray(F, wq, j + 16).fma(FloatVector.fromArray(F, xq, j + 16), p0);
                FloatVector p1 = FloatVector.fromArray(F, wq, j + 8).mul(FloatVector.fromArray(F, xq, j + 8));
                p1 = FloatVector.fromArray(F, wq, j + 24).fma(FloatVector.fromArray(F, xq, j + 24), p1);
                acc0 = p0.fma(d, acc0);
                acc1 = p1.fma(d, acc1);
            }
        } else {
            float sum = 0;
            for (int j = 0; j < n; j++) {
                sum += wq[j] * ws[j / 32] * xq[j] * xs[j / 32];
            }
            return sum;
        }
        return Lanes.sum((acc0.add(acc1)).toArray());
    }

    /**
     * Prefill: dequantise each weight row once (it stays in L1) and dot it with every token of the batch, four
     * tokens per weight load.
     */
    private static void batchRows(Matrix w, float[][] a, float[][] out, int batch, int from, int to, Scratch s) {
        int cols = w.cols();
        for (int r = from; r < to; r++) {
            w.tensor().dequantize(w.offset() + (long) r * cols, s.row, 0, cols);
            int t = 0;
            for (; t + 4 <= batch; t += 4) {
                dot4(s.row, a[t], a[t + 1], a[t + 2], a[t + 3], cols, s.four);
                out[t][r] = s.four[0];
                out[t + 1][r] = s.four[1];
                out[t + 2][r] = s.four[2];
                out[t + 3][r] = s.four[3];
            }
            for (; t < batch; t++) {
                out[t][r] = dot(s.row, a[t], cols);
            }
        }
    }

    static float dot(float[] w, float[] x, int n) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            acc = FloatVector.fromArray(F, w, i).fma(FloatVector.fromArray(F, x, i), acc);
        }
        float s = Lanes.sum((acc).toArray());
        for (; i < n; i++) {
            s += w[i] * x[i];
        }
        return s;
    }

    static void dot4(float[] w, float[] a, float[] b, float[] c, float[] d, int n, float[] out) {
        FloatVector sa = FloatVector.zero(F), sb = sa, sc = sa, sd = sa;
        int i = 0;
        for (int upper = F.loopBound(n); i < upper; i += F.length()) {
            FloatVector wv = FloatVector.fromArray(F, w, i);
            sa = wv.fma(FloatVector.fromArray(F, a, i), sa);
            sb = wv.fma(FloatVector.fromArray(F, b, i), sb);
            sc = wv.fma(FloatVector.fromArray(F, c, i), sc);
            sd = wv.fma(FloatVector.fromArray(F, d, i), sd);
        }
        float ra = Lanes.sum((sa).toArray()), rb = Lanes.sum((sb).toArray());
        float rc = Lanes.sum((sc).toArray()), rd = Lanes.sum((sd).toArray());
        for (; i < n; i++) {
            ra += w[i] * a[i];
            rb += w[i] * b[i];
            rc += w[i] * c[i];
            rd += w[i] * d[i];
        }
        out[0] = ra;
        out[1] = rb;
        out[2] = rc;
        out[3] = rd;
    }
}
