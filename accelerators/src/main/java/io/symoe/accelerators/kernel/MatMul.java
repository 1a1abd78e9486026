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

import java.util.Arrays;
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
    /** Activation values from which a batch's quantisation is split across the pool (a decode token's is not). */
    static final long QUANTISE_PARALLEL_MIN = 1 << 14;
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
        int q8Cols = 0; // the width the Q8_0 activations were quantised at (the first such matrix's)
        for (int m = 0; m < ws.length; m++) {
            start[m + 1] = start[m] + ws[m].rows();
            work += (long) ws[m].rows() * ws[m].cols() * batch;
            ActivationFormat f = ws[m].tensor().activationFormat();
            if (f != ActivationFormat.FLOAT && !quantised.containsKey(f)) {
                QuantizedActivation[] xq = new QuantizedActivation[batch];
                int cols = ws[m].cols();
                // tokens quantise independently (fresh arrays each), so a prefill batch splits them across the
                // pool: serial, they were ~3 % of a 2-thread moe-1g prefill
                Parallel qp = (long) batch * cols >= QUANTISE_PARALLEL_MIN ? pool : Parallel.INLINE;
                qp.forRange(batch, (from, to) -> {
                    for (int t = from; t < to; t++) {
                        xq[t] = f.quantize(x[t], cols);
                    }
                });
                quantised.put(f, xq);
                if (f == ActivationFormat.Q8_0) {
                    q8Cols = cols;
                }
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
        int grouped = tokensInGroups(batch);
        TokenGroups groups = grouped > 0 && quantised.containsKey(ActivationFormat.Q8_0)
                ? TokenGroups.of(p, quantised.get(ActivationFormat.Q8_0), grouped, q8Cols) : null;
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
                    if (scratch == null || scratch.rows.length < TILE_ROWS * w.cols()) {
                        scratch = new Scratch(w.cols());
                    }
                    if (f == ActivationFormat.Q8_0) {
                        blockRows(w, quantised.get(f), groups, outs[m], batch, r - start[m], end - start[m], scratch);
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

    /**
     * Per-thread buffer for up to {@link #TILE_ROWS} unpacked weight rows (block quants as floats, row k at k ·
     * cols of one array, and block scales), or one dequantised row.
     */
    private static final class Scratch {
        final float[] rows;
        final float[][] scales = new float[TILE_ROWS][];
        /** The token tiles' block accumulators (row, group, lane), kept in memory to free registers. */
        final float[] acc = new float[TILE_ROWS * 2 * TokenGroups.LANES];
        final float[] four = new float[4];
        final float[] sixteen = new float[16];
        float[] rowScales = new float[0];
        float[] tokenScales = new float[0];

        Scratch(int cols) {
            rows = new float[TILE_ROWS * cols];
            for (int k = 0; k < TILE_ROWS; k++) {
                scales[k] = new float[cols / 32 + 1];
            }
        }

        /** d_w of unpacked rows base .. base + 3, per block in blockDot4x4's lane order (lane = row · 4 + token). */
        void layOutRowScales(int base, int blocks) {
            if (rowScales.length < blocks * 16) {
                rowScales = new float[blocks * 16];
            }
            for (int k = 0; k < blocks; k++) {
                for (int lane = 0; lane < 16; lane++) {
                    rowScales[k * 16 + lane] = scales[base + (lane >> 2)][k];
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
    }

    /**
     * Whether batched Q8_0/Q4_0 matmuls take tokens in the lanes ({@link #tokenTile8x32}); {@code
     * -Dsymoe.prefill.tile=fold} keeps the 4 × 4 folded tile for every whole tile of four tokens instead (the
     * "before" of the JMH prefill benchmark). Read once per JVM.
     */
    static final boolean TOKEN_TILES = F.length() == TokenGroups.LANES
            && !"fold".equals(System.getProperty("symoe.prefill.tile"));
    /** Rows per token tile; the 4-row tile takes a chunk's remaining four. */
    static final int TILE_ROWS = 8;
    /**
     * A last partial group of at least this many tokens is padded to 16 and run through the token tiles, a smaller
     * one through the folded 4 × 4 tile: per real token the padded group costs 16 / rest lanes, the folded tile
     * about twice a token tile's time per multiply-add.
     */
    static final int PAD_MIN = 8;

    /** How many of a batch's tokens go through the token tiles: its whole groups of 16, and a large enough rest. */
    static int tokensInGroups(int batch) {
        if (!TOKEN_TILES || batch < ROW_REUSE_MIN_BATCH) {
            return 0;
        }
        int rest = batch % TokenGroups.LANES;
        return rest >= PAD_MIN ? batch : batch - rest;
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
     *
     * <p>Rows go eight (a chunk's last ones four, then one) at a time: the tokens in {@code groups} through the
     * token tiles, 32 then 16 at a time, the rest four at a time through the folded tile and one at a time through
     * {@link #blockDot}. Every path gives each (token, row) the same bits.
     */
    private static void blockRows(Matrix w, QuantizedActivation[] xq, TokenGroups groups, float[][] out, int batch,
                                  int from, int to, Scratch s) {
        int cols = w.cols(), blocks = cols / 32;
        int grouped = groups == null ? 0 : groups.tokens;
        int r = from;
        if (F.length() == 16 && (batch >= 4 || grouped > 0) && to - from >= 4) {
            boolean tokenScalesLaidOut = false;
            while (r + 4 <= to) {
                int rows = grouped > 0 && r + TILE_ROWS <= to ? TILE_ROWS : 4;
                for (int k = 0; k < rows; k++) {
                    w.tensor().unpackBlocks(w.offset() + (long) (r + k) * cols, s.rows, k * cols, s.scales[k], cols);
                }
                int g = 0, ng = grouped > 0 ? groups.groups() : 0;
                if (rows == TILE_ROWS) {
                    for (; g + 2 <= ng; g += 2) {
                        tokenTile8x32(s, groups.quants[g], groups.scales[g], groups.quants[g + 1], groups.scales[g + 1],
                                cols, out, g * 16, Math.min(32, grouped - g * 16), r);
                    }
                }
                for (; g < ng; g++) {
                    int count = Math.min(16, grouped - g * 16);
                    if (rows == TILE_ROWS) {
                        tokenTile8x16(s, groups.quants[g], groups.scales[g], cols, out, g * 16, count, r);
                    } else {
                        tokenTile4x16(s, groups.quants[g], groups.scales[g], cols, out, g * 16, count, r);
                    }
                }
                int t = grouped;
                if (batch - t >= 4) {
                    if (!tokenScalesLaidOut) {
                        s.layOutTokenScales(xq, batch / 4, blocks);
                        tokenScalesLaidOut = true;
                    }
                    for (int base = 0; base < rows; base += 4) {
                        s.layOutRowScales(base, blocks);
                        for (int tt = t; tt + 4 <= batch; tt += 4) {
                            blockDot4x4(s, base, xq, tt, cols, out, r + base);
                        }
                    }
                    t += (batch - t) / 4 * 4;
                }
                for (; t < batch; t++) {
                    for (int k = 0; k < rows; k++) {
                        out[t][r + k] = blockDot(s.rows, k * cols, s.scales[k], xq[t].quants(), xq[t].scales(), cols);
                    }
                }
                r += rows;
            }
        }
        for (; r < to; r++) {
            w.tensor().unpackBlocks(w.offset() + (long) r * cols, s.rows, 0, s.scales[0], cols);
            int t = 0;
            if (F.length() == 16) {
                for (; t + 2 <= batch; t += 2) {
                    blockDot2(s.rows, s.scales[0], xq[t], xq[t + 1], cols, s.four);
                    out[t][r] = s.four[0];
                    out[t + 1][r] = s.four[1];
                }
            }
            for (; t < batch; t++) {
                out[t][r] = blockDot(s.rows, 0, s.scales[0], xq[t].quants(), xq[t].scales(), cols);
            }
        }
    }

    /**
     * {@link #blockDot}'s block-by-block sums for the scratch's eight unpacked rows (out[.][r .. r + 7]) × two
     * groups of 16 tokens (t0 .. t0 + count - 1, at most 32), token in the lane ({@link TokenGroups}). Per block,
     * row and group the 32 products w_r[i] · x[i] (the weight quant broadcast, shared by both groups' column
     * vectors, each shared by the eight rows) add up in a register of 16 exact integers, the block dots: every
     * partial sum is an integer below 2^24, so the order does not change them. Then acc = fma(isum, d_w · d_x,
     * acc) with d_w · d_x the same float product blockDot forms, so each lane gets blockDot's bits. No
     * horizontal sum, no fold: 32 FMAs per 16 (row, token) block dots. The accumulators live in the scratch (one
     * load and store per block) so the sixteen block sums, the two column vectors and a broadcast fit the 32
     * registers; the rows are one array at fixed offsets (eight separate arrays ran at 2/3 of the speed in a
     * micro-benchmark). Written out, not looped over rows, so the block sums stay in registers (see blockDot4x4
     * on helper methods).
     */
    static void tokenTile8x32(Scratch s, float[] xq0, float[] xs0, float[] xq1, float[] xs1,
                              int n, float[][] out, int t0, int count, int r) {
        float[] w = s.rows, acc = s.acc;
        int o1 = n, o2 = 2 * n, o3 = 3 * n, o4 = 4 * n, o5 = 5 * n, o6 = 6 * n, o7 = 7 * n;
        float[] d0 = s.scales[0], d1 = s.scales[1], d2 = s.scales[2], d3 = s.scales[3];
        float[] d4 = s.scales[4], d5 = s.scales[5], d6 = s.scales[6], d7 = s.scales[7];
        Arrays.fill(acc, 0, 256, 0f);
        for (int j = 0, b = 0; j < n; j += 32, b++) {
            FloatVector i00 = FloatVector.zero(F), i01 = i00, i02 = i00, i03 = i00;
            FloatVector i04 = i00, i05 = i00, i06 = i00, i07 = i00;
            FloatVector i10 = FloatVector.zero(F), i11 = i10, i12 = i10, i13 = i10;
            FloatVector i14 = i10, i15 = i10, i16 = i10, i17 = i10;
            for (int i = j; i < j + 32; i++) {
                FloatVector x0 = FloatVector.fromArray(F, xq0, i * 16);
                FloatVector x1 = FloatVector.fromArray(F, xq1, i * 16);
                FloatVector v0 = FloatVector.broadcast(F, w[i]);
                i00 = v0.fma(x0, i00); i10 = v0.fma(x1, i10);
                FloatVector v1 = FloatVector.broadcast(F, w[o1 + i]);
                i01 = v1.fma(x0, i01); i11 = v1.fma(x1, i11);
                FloatVector v2 = FloatVector.broadcast(F, w[o2 + i]);
                i02 = v2.fma(x0, i02); i12 = v2.fma(x1, i12);
                FloatVector v3 = FloatVector.broadcast(F, w[o3 + i]);
                i03 = v3.fma(x0, i03); i13 = v3.fma(x1, i13);
                FloatVector v4 = FloatVector.broadcast(F, w[o4 + i]);
                i04 = v4.fma(x0, i04); i14 = v4.fma(x1, i14);
                FloatVector v5 = FloatVector.broadcast(F, w[o5 + i]);
                i05 = v5.fma(x0, i05); i15 = v5.fma(x1, i15);
                FloatVector v6 = FloatVector.broadcast(F, w[o6 + i]);
                i06 = v6.fma(x0, i06); i16 = v6.fma(x1, i16);
                FloatVector v7 = FloatVector.broadcast(F, w[o7 + i]);
                i07 = v7.fma(x0, i07); i17 = v7.fma(x1, i17);
            }
            FloatVector dx0 = FloatVector.fromArray(F, xs0, b * 16);
            i00.fma(dx0.mul(d0[b]), FloatVector.fromArray(F, acc, 0)).intoArray(acc, 0);
            i01.fma(dx0.mul(d1[b]), FloatVector.fromArray(F, acc, 16)).intoArray(acc, 16);
            i02.fma(dx0.mul(d2[b]), FloatVector.fromArray(F, acc, 32)).intoArray(acc, 32);
            i03.fma(dx0.mul(d3[b]), FloatVector.fromArray(F, acc, 48)).intoArray(acc, 48);
            i04.fma(dx0.mul(d4[b]), FloatVector.fromArray(F, acc, 64)).intoArray(acc, 64);
            i05.fma(dx0.mul(d5[b]), FloatVector.fromArray(F, acc, 80)).intoArray(acc, 80);
            i06.fma(dx0.mul(d6[b]), FloatVector.fromArray(F, acc, 96)).intoArray(acc, 96);
            i07.fma(dx0.mul(d7[b]), FloatVector.fromArray(F, acc, 112)).intoArray(acc, 112);
            FloatVector dx1 = FloatVector.fromArray(F, xs1, b * 16);
            i10.fma(dx1.mul(d0[b]), FloatVector.fromArray(F, acc, 128)).intoArray(acc, 128);
            i11.fma(dx1.mul(d1[b]), FloatVector.fromArray(F, acc, 144)).intoArray(acc, 144);
            i12.fma(dx1.mul(d2[b]), FloatVector.fromArray(F, acc, 160)).intoArray(acc, 160);
            i13.fma(dx1.mul(d3[b]), FloatVector.fromArray(F, acc, 176)).intoArray(acc, 176);
            i14.fma(dx1.mul(d4[b]), FloatVector.fromArray(F, acc, 192)).intoArray(acc, 192);
            i15.fma(dx1.mul(d5[b]), FloatVector.fromArray(F, acc, 208)).intoArray(acc, 208);
            i16.fma(dx1.mul(d6[b]), FloatVector.fromArray(F, acc, 224)).intoArray(acc, 224);
            i17.fma(dx1.mul(d7[b]), FloatVector.fromArray(F, acc, 240)).intoArray(acc, 240);
        }
        scatter(acc, 8, 2, out, t0, count, r);
    }

    /** {@link #tokenTile8x32} for one group of 16 tokens (a batch's odd last group). */
    static void tokenTile8x16(Scratch s, float[] xq0, float[] xs0,
                              int n, float[][] out, int t0, int count, int r) {
        float[] w = s.rows, acc = s.acc;
        int o1 = n, o2 = 2 * n, o3 = 3 * n, o4 = 4 * n, o5 = 5 * n, o6 = 6 * n, o7 = 7 * n;
        float[] d0 = s.scales[0], d1 = s.scales[1], d2 = s.scales[2], d3 = s.scales[3];
        float[] d4 = s.scales[4], d5 = s.scales[5], d6 = s.scales[6], d7 = s.scales[7];
        Arrays.fill(acc, 0, 128, 0f);
        for (int j = 0, b = 0; j < n; j += 32, b++) {
            FloatVector i00 = FloatVector.zero(F), i01 = i00, i02 = i00, i03 = i00;
            FloatVector i04 = i00, i05 = i00, i06 = i00, i07 = i00;
            for (int i = j; i < j + 32; i++) {
                FloatVector x0 = FloatVector.fromArray(F, xq0, i * 16);
                i00 = FloatVector.broadcast(F, w[i]).fma(x0, i00);
                i01 = FloatVector.broadcast(F, w[o1 + i]).fma(x0, i01);
                i02 = FloatVector.broadcast(F, w[o2 + i]).fma(x0, i02);
                i03 = FloatVector.broadcast(F, w[o3 + i]).fma(x0, i03);
                i04 = FloatVector.broadcast(F, w[o4 + i]).fma(x0, i04);
                i05 = FloatVector.broadcast(F, w[o5 + i]).fma(x0, i05);
                i06 = FloatVector.broadcast(F, w[o6 + i]).fma(x0, i06);
                i07 = FloatVector.broadcast(F, w[o7 + i]).fma(x0, i07);
            }
            FloatVector dx0 = FloatVector.fromArray(F, xs0, b * 16);
            i00.fma(dx0.mul(d0[b]), FloatVector.fromArray(F, acc, 0)).intoArray(acc, 0);
            i01.fma(dx0.mul(d1[b]), FloatVector.fromArray(F, acc, 16)).intoArray(acc, 16);
            i02.fma(dx0.mul(d2[b]), FloatVector.fromArray(F, acc, 32)).intoArray(acc, 32);
            i03.fma(dx0.mul(d3[b]), FloatVector.fromArray(F, acc, 48)).intoArray(acc, 48);
            i04.fma(dx0.mul(d4[b]), FloatVector.fromArray(F, acc, 64)).intoArray(acc, 64);
            i05.fma(dx0.mul(d5[b]), FloatVector.fromArray(F, acc, 80)).intoArray(acc, 80);
            i06.fma(dx0.mul(d6[b]), FloatVector.fromArray(F, acc, 96)).intoArray(acc, 96);
            i07.fma(dx0.mul(d7[b]), FloatVector.fromArray(F, acc, 112)).intoArray(acc, 112);
        }
        scatter(acc, 8, 1, out, t0, count, r);
    }

    /** {@link #tokenTile8x32} for the scratch's first four rows and one group (a chunk's last four rows). */
    static void tokenTile4x16(Scratch s, float[] xq0, float[] xs0,
                              int n, float[][] out, int t0, int count, int r) {
        float[] w = s.rows, acc = s.acc;
        int o1 = n, o2 = 2 * n, o3 = 3 * n;
        float[] d0 = s.scales[0], d1 = s.scales[1];
        float[] d2 = s.scales[2], d3 = s.scales[3];
        Arrays.fill(acc, 0, 64, 0f);
        for (int j = 0, b = 0; j < n; j += 32, b++) {
            FloatVector i00 = FloatVector.zero(F), i01 = i00, i02 = i00, i03 = i00;
            for (int i = j; i < j + 32; i++) {
                FloatVector x0 = FloatVector.fromArray(F, xq0, i * 16);
                i00 = FloatVector.broadcast(F, w[i]).fma(x0, i00);
                i01 = FloatVector.broadcast(F, w[o1 + i]).fma(x0, i01);
                i02 = FloatVector.broadcast(F, w[o2 + i]).fma(x0, i02);
                i03 = FloatVector.broadcast(F, w[o3 + i]).fma(x0, i03);
            }
            FloatVector dx0 = FloatVector.fromArray(F, xs0, b * 16);
            i00.fma(dx0.mul(d0[b]), FloatVector.fromArray(F, acc, 0)).intoArray(acc, 0);
            i01.fma(dx0.mul(d1[b]), FloatVector.fromArray(F, acc, 16)).intoArray(acc, 16);
            i02.fma(dx0.mul(d2[b]), FloatVector.fromArray(F, acc, 32)).intoArray(acc, 32);
            i03.fma(dx0.mul(d3[b]), FloatVector.fromArray(F, acc, 48)).intoArray(acc, 48);
        }
        scatter(acc, 4, 1, out, t0, count, r);
    }

    /**
     * A token tile's sums (acc[((group · rows) + row) · 16 + lane], lane = token) into out[t0 .. t0 + count - 1][r
     * .. r + rows - 1]; the padded lanes are dropped.
     */
    private static void scatter(float[] acc, int rows, int groups, float[][] out, int t0, int count, int r) {
        for (int g = 0; g < groups; g++) {
            for (int lane = 0; lane < 16 && g * 16 + lane < count; lane++) {
                float[] o = out[t0 + g * 16 + lane];
                for (int k = 0; k < rows; k++) {
                    o[r + k] = acc[(g * rows + k) * 16 + lane];
                }
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
     * {@link #blockDot}'s block-by-block sums for four unpacked weight rows (the scratch's rows base .. base + 3:
     * out[.][r .. r + 3]) × four tokens (t .. t + 3), 16 float lanes, all sixteen sums in one register. Per block,
     * the 16 (row, token) lane products are folded (see the BIT / SWAP constants) into one vector of the 16 exact
     * integer block dots, and one fused multiply-add adds them times d_w·d_x: acc = fma(isum_b, d_w·d_x, acc) for
     * every pair at once, in block order, so each result has blockDot's bits (llama.cpp's order, see {@link
     * #blockRows}). The folding is what a lane-parallel block order costs here: 15 blend-permute-adds per block for
     * 16 dots, about half this tile's time, which is why the token tiles ({@link #tokenTile8x32}, no fold) took over;
     * this one keeps a batch's last 4-7 tokens.
     */
    static void blockDot4x4(Scratch sc, int base, QuantizedActivation[] xq, int t, int n, float[][] out, int r) {
        // sc.rowScales / sc.tokenScales: d_w and d_x per block in lane order (lane = row · 4 + token), laid out by
        // blockRows once per row group and once per call, so one multiply gives every pair's d_w·d_x.
        float[] w = sc.rows;
        int oa = base * n, ob = oa + n, oc = ob + n, od = oc + n;
        float[] q0 = xq[t].quants(), q1 = xq[t + 1].quants(), q2 = xq[t + 2].quants(), q3 = xq[t + 3].quants();
        float[] rowScales = sc.rowScales;
        float[] tokenScales = sc.tokenScales;
        int tile = (t / 4) * (n / 32) * 16;
        FloatVector acc = FloatVector.zero(F);
        for (int j = 0, k = 0; j < n; j += 32, k++) {
            FloatVector wa0 = FloatVector.fromArray(F, w, oa + j), wa1 = FloatVector.fromArray(F, w, oa + j + 16);
            FloatVector wb0 = FloatVector.fromArray(F, w, ob + j), wb1 = FloatVector.fromArray(F, w, ob + j + 16);
            FloatVector wc0 = FloatVector.fromArray(F, w, oc + j), wc1 = FloatVector.fromArray(F, w, oc + j + 16);
            FloatVector wd0 = FloatVector.fromArray(F, w, od + j), wd1 = FloatVector.fromArray(F, w, od + j + 16);
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
        float[] sums = sc.sixteen;
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
    static float blockDot(float[] wq, int wOff, float[] ws, float[] xq, float[] xs, int n) {
        float acc = 0;
        if (F.length() == 16) {
            for (int j = 0, b = 0; j < n; j += 32, b++) {
                FloatVector p = FloatVector.fromArray(F, wq, wOff + j).mul(FloatVector.fromArray(F, xq, j));
                p = FloatVector.fromArray(F, wq, wOff + j + 16).fma(FloatVector.fromArray(F, xq, j + 16), p);
                acc = Math.fma(p.reduceLanes(VectorOperators.ADD), ws[b] * xs[b], acc);
            }
        } else if (F.length() == 8) {
            for (int j = 0, b = 0; j < n; j += 32, b++) {
                FloatVector p0 = FloatVector.fromArray(F, wq, wOff + j).mul(FloatVector.fromArray(F, xq, j));
                p0 = FloatVector.fromArray(F, wq, wOff + j + 16).fma(FloatVector.fromArray(F, xq, j + 16), p0);
                FloatVector p1 = FloatVector.fromArray(F, wq, wOff + j + 8).mul(FloatVector.fromArray(F, xq, j + 8));
                p1 = FloatVector.fromArray(F, wq, wOff + j + 24).fma(FloatVector.fromArray(F, xq, j + 24), p1);
                acc = Math.fma(p0.add(p1).reduceLanes(VectorOperators.ADD), ws[b] * xs[b], acc);
            }
        } else {
            for (int j = 0, b = 0; j < n; j += 32, b++) {
                float sum = 0; // exact: integers below 2^24
                for (int i = j; i < j + 32; i++) {
                    sum += wq[wOff + i] * xq[i];
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
            w.tensor().dequantize(w.offset() + (long) r * cols, s.rows, 0, cols);
            int t = 0;
            for (; t + 4 <= batch; t += 4) {
                dot4(s.rows, a[t], a[t + 1], a[t + 2], a[t + 3], cols, s.four);
                out[t][r] = s.four[0];
                out[t + 1][r] = s.four[1];
                out[t + 2][r] = s.four[2];
                out[t + 3][r] = s.four[3];
            }
            for (; t < batch; t++) {
                out[t][r] = dot(s.rows, a[t], cols);
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
