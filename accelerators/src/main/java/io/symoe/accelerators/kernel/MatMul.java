package io.symoe.accelerators.kernel;

import io.symoe.accelerators.tensor.ActivationFormat;
import io.symoe.accelerators.tensor.Matrix;
import io.symoe.accelerators.tensor.Lanes;
import io.symoe.accelerators.tensor.QuantizedActivation;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
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
        /** Rows 2–4 of a group's block quants and scales (blockRows unpacks rows four at a time). */
        final float[] row2;
        final float[] scales2;
        final float[] row3;
        final float[] scales3;
        final float[] row4;
        final float[] scales4;
        final float[] four = new float[4];
        final float[] four16 = new float[16];
        float[] rowScales = new float[0];
        float[] tokenScales = new float[0];

        /** d_w of the four unpacked rows, per block in lane order (lane = row · 4 + token). */
        void layOutRowScales(int blocks) {
            if (rowScales.length < blocks * 16) {
                rowScales = new float[blocks * 16];
            }
            float[][] ws = {scales, scales2, scales3, scales4};
            for (int k = 0; k < blocks; k++) {
                for (int lane = 0; lane < 16; lane++) {
                    rowScales[k * 16 + lane] = ws[lane >> 2][k];
                }
            }
        }

        /**
         * d_x of each whole tile of four tokens, per block in lane order. Laid out by every chunk into its own
         * scratch, not once per matmul: a shared layout on the calling thread, before the workers start, was tried
         * and was not faster (moe-1g prefill, 2 threads, within the runs' ±5 %): that pass is serial, the
         * repeats run in parallel and stay in each worker's cache.
         */
        void layOutTokenScales(QuantizedActivation[] xq, int tiles, int blocks) {
            if (tokenScales.length < tiles * blocks * 16) {
                tokenScales = new float[tiles * blocks * 16];
            }
            for (int tile = 0; tile < tiles; tile++) {
                for (int k = 0; k < blocks; k++) {
                    for (int lane = 0; lane < 16; lane++) {
                        tokenScales[(tile * blocks + k) * 16 + lane] = xq[tile * 4 + (lane & 3)].scales()[k];
                    }
                }
            }
        }

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
     * Prefill for Q8_0/Q4_0 weights: each row's block quants unpacked once into L1 as exact floats, then per token
     * and block the exact integer dot (in float) times d_w·d_x added to the row's sum block by block,
     * {@code acc = fma(isum_b, d_w·d_x, acc)}. That is the order of ggml's reference vec_dot and of its AMX /
     * AVX512-VNNI kernels (amx/mmq.cpp), which a native llama.cpp build runs for 2-D Q8_0/Q4_0 weights on a CPU
     * with AMX (the build the shared reference logits come from), and of symoe's OpenCL kernels. Any other order
     * (16 lanes here before, 8 in ggml's AVX2 tinyBLAS) differs in the last bits, and an activation within an ulp
     * of a Q8_0 rounding tie then rounds the other way: the dense llama reference files have one (layer 1's
     * ffn_down input, token 13, x·127/amax = -48.49999), which moved tokens 13-15 by 0.5 % of the logit range.
     * Decode (1-2 tokens) keeps the int8 dots' 16 lanes: a block-by-block sum there needs one horizontal
     * integer sum per block, which made the Q8_0 / Q4_0 matvec 1.65× / 1.45× slower; so a token's logits
     * decoded alone and in a batch of 3+ differ in the last bits.
     */
    private static void blockRows(Matrix w, QuantizedActivation[] xq, float[][] out, int batch, int from, int to, Scratch s) {
        int cols = w.cols();
        int r = from;
        if (F.length() == 16 && batch >= 4 && to - from >= 4) {
            s.layOutTokenScales(xq, batch / 4, cols / 32);
            for (; r + 4 <= to; r += 4) {
                w.tensor().unpackBlocks(w.offset() + (long) r * cols, s.row, s.scales, cols);
                w.tensor().unpackBlocks(w.offset() + (long) (r + 1) * cols, s.row2, s.scales2, cols);
                w.tensor().unpackBlocks(w.offset() + (long) (r + 2) * cols, s.row3, s.scales3, cols);
                w.tensor().unpackBlocks(w.offset() + (long) (r + 3) * cols, s.row4, s.scales4, cols);
                s.layOutRowScales(cols / 32);
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

    // One static final constant per mask and shuffle, so C2 sees each as a constant where it intrinsifies
    // blend / rearrange.
    /** Lanes whose bit h is set, for h = 8, 4, 2, 1: where a folding step takes its second operand. */
    private static final VectorMask<Float> BIT8 = F.length() == 16 ? VectorMask.fromLong(F, 0xFF00L) : null;
    private static final VectorMask<Float> BIT4 = F.length() == 16 ? VectorMask.fromLong(F, 0xF0F0L) : null;
    private static final VectorMask<Float> BIT2 = F.length() == 16 ? VectorMask.fromLong(F, 0xCCCCL) : null;
    private static final VectorMask<Float> BIT1 = F.length() == 16 ? VectorMask.fromLong(F, 0xAAAAL) : null;
    /** Lane i ↔ lane i ^ h. */
    private static final VectorShuffle<Float> SWAP8 = F.length() == 16 ? VectorShuffle.fromOp(F, i -> i ^ 8) : null;
    private static final VectorShuffle<Float> SWAP4 = F.length() == 16 ? VectorShuffle.fromOp(F, i -> i ^ 4) : null;
    private static final VectorShuffle<Float> SWAP2 = F.length() == 16 ? VectorShuffle.fromOp(F, i -> i ^ 2) : null;
    private static final VectorShuffle<Float> SWAP1 = F.length() == 16 ? VectorShuffle.fromOp(F, i -> i ^ 1) : null;

    /*
     * A folding step at stride h, x = a.blend(b, BITh) + b.blend(a, BITh).rearrange(SWAPh): lanes without bit h
     * get a's pair sums a[i] + a[i ^ h], lanes with it b's. Four steps, with the operands paired as in
     * blockDot4x4, turn 16 vectors into one whose lane p holds the full sum of vector p; every value is an exact
     * integer, so the order of these additions does not matter.
     */

    /**
     * {@link #blockDot}'s block-by-block sums for four unpacked weight rows (the scratch's row .. row4:
     * out[.][r .. r + 3]) × four tokens (t .. t + 3), 16 float lanes, all sixteen sums in one register. Per block,
     * the 16 (row, token) lane products are folded (see the BIT / SWAP constants) into one vector of the 16 exact integer block
     * dots, and one fused multiply-add adds them times d_w·d_x: acc = fma(isum_b, d_w·d_x, acc) for every pair at
     * once, in block order, so each result has blockDot's bits (llama.cpp's order, see {@link #blockRows}). The
     * folding is what a lane-parallel block order costs: 15 blend-permute-adds per block for 16 dots, where a
     * per-dot horizontal sum would take 16 reductions.
     */
    static void blockDot4x4(Scratch sc, QuantizedActivation[] xq, int t, int n, float[][] out, int r) {
        // sc.rowScales / sc.tokenScales: d_w and d_x per block in lane order (lane = row · 4 + token), laid out by
        // blockRows once per row group and once per call, so one multiply gives every pair's d_w·d_x.
        float[] wa = sc.row, wb = sc.row2, wc = sc.row3, wd = sc.row4;
        float[] q0 = xq[t].quants(), q1 = xq[t + 1].quants(), q2 = xq[t + 2].quants(), q3 = xq[t + 3].quants();
        float[] rowScales = sc.rowScales;
        float[] tokenScales = sc.tokenScales;
        int tile = (t / 4) * (n / 32) * 16;
        FloatVector acc = FloatVector.zero(F);
        for (int j = 0, k = 0; j < n; j += 32, k++) {
            FloatVector wa0 = FloatVector.fromArray(F, wa, j), wa1 = FloatVector.fromArray(F, wa, j + 16);
            FloatVector wb0 = FloatVector.fromArray(F, wb, j), wb1 = FloatVector.fromArray(F, wb, j + 16);
            FloatVector wc0 = FloatVector.fromArray(F, wc, j), wc1 = FloatVector.fromArray(F, wc, j + 16);
            FloatVector wd0 = FloatVector.fromArray(F, wd, j), wd1 = FloatVector.fromArray(F, wd, j + 16);
            FloatVector x00 = FloatVector.fromArray(F, q0, j), x01 = FloatVector.fromArray(F, q0, j + 16);
            FloatVector x10 = FloatVector.fromArray(F, q1, j), x11 = FloatVector.fromArray(F, q1, j + 16);
            FloatVector x20 = FloatVector.fromArray(F, q2, j), x21 = FloatVector.fromArray(F, q2, j + 16);
            FloatVector x30 = FloatVector.fromArray(F, q3, j), x31 = FloatVector.fromArray(F, q3, j + 16);
            // Pair p = row · 4 + token ends in lane p: level 0 folds p with p + 8, level 1 with p + 4, ...
            // The folds are written out, not called: with them in a helper method, moe-1g Q8_0 prefill ran at
            // 6.8 tok/s instead of 78.7 (one thread), as a call C2 does not inline boxes its vector arguments.
            FloatVector p0 = wa1.fma(x01, wa0.mul(x00));
            FloatVector p1 = wa1.fma(x11, wa0.mul(x10));
            FloatVector p2 = wa1.fma(x21, wa0.mul(x20));
            FloatVector p3 = wa1.fma(x31, wa0.mul(x30));
            FloatVector p4 = wb1.fma(x01, wb0.mul(x00));
            FloatVector p5 = wb1.fma(x11, wb0.mul(x10));
            FloatVector p6 = wb1.fma(x21, wb0.mul(x20));
            FloatVector p7 = wb1.fma(x31, wb0.mul(x30));
            FloatVector p8 = wc1.fma(x01, wc0.mul(x00));
            FloatVector p9 = wc1.fma(x11, wc0.mul(x10));
            FloatVector p10 = wc1.fma(x21, wc0.mul(x20));
            FloatVector p11 = wc1.fma(x31, wc0.mul(x30));
            FloatVector p12 = wd1.fma(x01, wd0.mul(x00));
            FloatVector p13 = wd1.fma(x11, wd0.mul(x10));
            FloatVector p14 = wd1.fma(x21, wd0.mul(x20));
            FloatVector p15 = wd1.fma(x31, wd0.mul(x30));
            FloatVector e0 = p0.blend(p8, BIT8).add(p8.blend(p0, BIT8).rearrange(SWAP8));
            FloatVector e1 = p2.blend(p10, BIT8).add(p10.blend(p2, BIT8).rearrange(SWAP8));
            FloatVector e2 = p1.blend(p9, BIT8).add(p9.blend(p1, BIT8).rearrange(SWAP8));
            FloatVector e3 = p3.blend(p11, BIT8).add(p11.blend(p3, BIT8).rearrange(SWAP8));
            FloatVector e4 = p4.blend(p12, BIT8).add(p12.blend(p4, BIT8).rearrange(SWAP8));
            FloatVector e5 = p6.blend(p14, BIT8).add(p14.blend(p6, BIT8).rearrange(SWAP8));
            FloatVector e6 = p5.blend(p13, BIT8).add(p13.blend(p5, BIT8).rearrange(SWAP8));
            FloatVector e7 = p7.blend(p15, BIT8).add(p15.blend(p7, BIT8).rearrange(SWAP8));
            FloatVector f0 = e0.blend(e4, BIT4).add(e4.blend(e0, BIT4).rearrange(SWAP4));
            FloatVector f1 = e1.blend(e5, BIT4).add(e5.blend(e1, BIT4).rearrange(SWAP4));
            FloatVector f2 = e2.blend(e6, BIT4).add(e6.blend(e2, BIT4).rearrange(SWAP4));
            FloatVector f3 = e3.blend(e7, BIT4).add(e7.blend(e3, BIT4).rearrange(SWAP4));
            FloatVector g0 = f0.blend(f1, BIT2).add(f1.blend(f0, BIT2).rearrange(SWAP2));
            FloatVector g1 = f2.blend(f3, BIT2).add(f3.blend(f2, BIT2).rearrange(SWAP2));
            FloatVector isum = g0.blend(g1, BIT1).add(g1.blend(g0, BIT1).rearrange(SWAP1));
            FloatVector d = FloatVector.fromArray(F, rowScales, k * 16)
                    .mul(FloatVector.fromArray(F, tokenScales, tile + k * 16));
            acc = isum.fma(d, acc);
        }
        float[] sums = sc.four16;
        acc.intoArray(sums, 0);
        for (int lane = 0; lane < 16; lane++) {
            out[t + (lane & 3)][r + (lane >> 2)] = sums[lane];
        }
    }

    /** {@link #blockDot} for two tokens sharing each weight load (16 float lanes only). */
    static void blockDot2(float[] wq, float[] ws, QuantizedActivation a, QuantizedActivation b, int n, float[] out) {
        float[] aq = a.quants(), as = a.scales(), bq = b.quants(), bs = b.scales();
        float accA = 0, accB = 0;
        for (int j = 0, k = 0; j < n; j += 32, k++) {
            FloatVector w0 = FloatVector.fromArray(F, wq, j);
            FloatVector w1 = FloatVector.fromArray(F, wq, j + 16);
            FloatVector pa = w1.fma(FloatVector.fromArray(F, aq, j + 16), w0.mul(FloatVector.fromArray(F, aq, j)));
            FloatVector pb = w1.fma(FloatVector.fromArray(F, bq, j + 16), w0.mul(FloatVector.fromArray(F, bq, j)));
            accA = Math.fma(pa.reduceLanes(VectorOperators.ADD), ws[k] * as[k], accA);
            accB = Math.fma(pb.reduceLanes(VectorOperators.ADD), ws[k] * bs[k], accB);
        }
        out[0] = accA;
        out[1] = accB;
    }

    /**
     * One token's row dot over block quants, block by block ({@link #blockRows} says why): per block the exact
     * integer dot (the lanes hold integers below 2^24, so the lane reduction is exact in any order), then
     * acc = fma(isum, d_w·d_x, acc).
     */
    static float blockDot(float[] wq, float[] ws, float[] xq, float[] xs, int n) {
        float acc = 0;
        if (F.length() == 16) {
            for (int j = 0, b = 0; j < n; j += 32, b++) {
                FloatVector p = FloatVector.fromArray(F, wq, j).mul(FloatVector.fromArray(F, xq, j));
                p = FloatVector.fromArray(F, wq, j + 16).fma(FloatVector.fromArray(F, xq, j + 16), p);
                acc = Math.fma(p.reduceLanes(VectorOperators.ADD), ws[b] * xs[b], acc);
            }
        } else if (F.length() == 8) {
            for (int j = 0, b = 0; j < n; j += 32, b++) {
                FloatVector p0 = FloatVector.fromArray(F, wq, j).mul(FloatVector.fromArray(F, xq, j));
                p0 = FloatVector.fromArray(F, wq, j + 16).fma(FloatVector.fromArray(F, xq, j + 16), p0);
                FloatVector p1 = FloatVector.fromArray(F, wq, j + 8).mul(FloatVector.fromArray(F, xq, j + 8));
                p1 = FloatVector.fromArray(F, wq, j + 24).fma(FloatVector.fromArray(F, xq, j + 24), p1);
                acc = Math.fma(p0.add(p1).reduceLanes(VectorOperators.ADD), ws[b] * xs[b], acc);
            }
        } else {
            for (int j = 0, b = 0; j < n; j += 32, b++) {
                float sum = 0; // exact: integers below 2^24
                for (int i = j; i < j + 32; i++) {
                    sum += wq[i] * xq[i];
                }
                acc = Math.fma(sum, ws[b] * xs[b], acc);
            }
        }
        return acc;
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
