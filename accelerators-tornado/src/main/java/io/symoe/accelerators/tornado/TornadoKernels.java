package io.symoe.accelerators.tornado;

import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.math.TornadoMath;
import uk.ac.manchester.tornado.api.types.arrays.ByteArray;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * The kernels of the TornadoVM backend: the same operations as {@code backend/opencl/kernels.cl}, written as Java
 * methods that TornadoVM's JIT compiles for the device. Loop-parallel kernels mark their parallel loops with
 * {@link Parallel}; the RMSNorm reduction uses {@link KernelContext} (a work-group per token, a tree reduction in
 * local memory).
 *
 * <p>A TornadoVM task captures its scalar arguments when the task graph is built, so everything that changes
 * between calls (the token count, positions, the chosen experts) travels in device arrays: {@code meta.get(0)} is the
 * number of live tokens, and every kernel is compiled once for a capacity ({@code cap}, a power of two) and skips
 * the rows beyond the live count.
 *
 * <p>Quantised weights are dequantised in the kernel from {@link DeviceWeight}'s split layout: one F32 scale per
 * 32-value block, and the block's bytes (Q8_0: 32 int8 values; Q4_0: 16 bytes of nibbles, value j &lt; 16 the low
 * nibble of byte j, value j ≥ 16 the high nibble of byte j − 16, each minus 8). Each 32-value block of the
 * activation is quantised to Q8_0 in the kernel (scale max|x|/127 rounded to F16, values rounded half to even) and
 * dotted as integers per block, as ggml's vec_dot_q8_0_q8_0 / vec_dot_q4_0_q8_0 and the OpenCL kernels do: that is
 * what keeps the logits within summation noise of llama.cpp.
 *
 * <p>No kernel declares a {@code half}: PoCL's CPU device (and any device without cl_khr_fp16) refuses to build
 * one, so F16 rounding is done in F32 arithmetic ({@link #roundToHalf}). TornadoVM inlines the static helpers
 * called from kernels.
 */
public final class TornadoKernels {
    /** Work-group size of the RMSNorm reduction (a power of two; the local array must have a constant size). */
    public static final int NORM_LOCAL = 128;
    static final int Q8_0_BYTES = 34;
    static final int Q4_0_BYTES = 18;

    private TornadoKernels() {
    }

    /** max |x[o .. o+32)|: the scale of one Q8_0 activation block. */
    static float blockMax(FloatArray x, int o) {
        float amax = 0f;
        for (int j = 0; j < 32; j++) {
            amax = TornadoMath.max(amax, TornadoMath.abs(x.get(o + j)));
        }
        return amax;
    }

    /** Round half to even, as ggml's quantize_row_q8_0 (nearbyintf) and OpenCL's rint. */
    static float rint(float v) {
        float r = TornadoMath.floor(v + 0.5f);
        if (r - v == 0.5f && (((int) r) & 1) != 0) {
            r = r - 1f;
        }
        return r;
    }

    /**
     * v rounded to the nearest F16 value (ties to even), in F32 arithmetic: F16's spacing is 2^(e-10) for
     * 2^e ≤ |v| in its normal range and 2^-24 below it; v / spacing is exact, so rint gives the F16 rounding. The
     * exponent is found by doubling, not by bit tricks or an error-free split: a Veltkamp split (c - (c - v)) was
     * folded back to v on the device (measured on PoCL), and float-bit tricks depend on how TornadoVM lowers
     * Float.floatToRawIntBits, which was not checked. F16's
     * overflow (|v| &gt; 65504) is out of range for the values rounded here (quantisation scales, probabilities).
     */
    static float roundToHalf(float v) {
        float a = TornadoMath.abs(v);
        float spacing = 5.9604645e-08f; // 2^-24
        if (a >= 6.103515625e-05f) { // 2^-14, F16's smallest normal
            float p = 6.103515625e-05f;
            while (p * 2f <= a) {
                p = p * 2f;
            }
            spacing = p * 9.765625e-04f; // 2^-10
        }
        return rint(v / spacing) * spacing;
    }

    // ---- matmul over "slots": slot s multiplies input row s / xDiv by expert experts[s]'s matrix (routed = 1) or
    // by the single matrix (routed = 0). A plain matmul is k = 1, xDiv = 1, routed = 0; the MoE's gate/up are
    // k = experts per token, xDiv = k (every slot of token t reads x[t]); its down projection is xDiv = 1 (slot s
    // reads its own hidden row). baseRow is the matrix's first row in the tensor (an expert slice or a whole 2-D
    // weight); rows is one expert's (or the matrix's) row count.

    public static void matmulF32(FloatArray w, FloatArray x, FloatArray out, IntArray meta, IntArray experts, int cap,
                                 int rows, int cols, int k, int xDiv, int routed, int baseRow) {
        for (@Parallel int s = 0; s < cap; s++) {
            for (@Parallel int r = 0; r < rows; r++) {
                if (s < meta.get(0) * k) {
                    int e = routed == 1 ? experts.get(s) : 0;
                    int wBase = (baseRow + e * rows + r) * cols;
                    int xBase = (s / xDiv) * cols;
                    float sum = 0f;
                    for (int i = 0; i < cols; i++) {
                        sum += w.get(wBase + i) * x.get(xBase + i);
                    }
                    out.set(s * rows + r, sum);
                }
            }
        }
    }

    public static void matmulQ8(FloatArray scales, ByteArray w, FloatArray x, FloatArray out, IntArray meta, IntArray experts, int cap,
                                int rows, int cols, int k, int xDiv, int routed, int baseRow) {
        for (@Parallel int s = 0; s < cap; s++) {
            for (@Parallel int r = 0; r < rows; r++) {
                if (s < meta.get(0) * k) {
                    int e = routed == 1 ? experts.get(s) : 0;
                    int blocks = cols / 32;
                    int rowBlock = (baseRow + e * rows + r) * blocks;
                    int xBase = (s / xDiv) * cols;
                    float sum = 0f;
                    for (int b = 0; b < blocks; b++) {
                        int o = (rowBlock + b) * 32;
                        int xo = xBase + b * 32;
                        float amax = blockMax(x, xo);
                        float id = amax != 0f ? 127f / amax : 0f;
                        int dot = 0;
                        for (int j = 0; j < 32; j++) {
                            dot += w.get(o + j) * (int) rint(x.get(xo + j) * id);
                        }
                        sum += dot * (scales.get(rowBlock + b) * roundToHalf(amax / 127f));
                    }
                    out.set(s * rows + r, sum);
                }
            }
        }
    }

    public static void matmulQ4(FloatArray scales, ByteArray w, FloatArray x, FloatArray out, IntArray meta, IntArray experts, int cap,
                                int rows, int cols, int k, int xDiv, int routed, int baseRow) {
        for (@Parallel int s = 0; s < cap; s++) {
            for (@Parallel int r = 0; r < rows; r++) {
                if (s < meta.get(0) * k) {
                    int e = routed == 1 ? experts.get(s) : 0;
                    int blocks = cols / 32;
                    int rowBlock = (baseRow + e * rows + r) * blocks;
                    int xBase = (s / xDiv) * cols;
                    float sum = 0f;
                    for (int b = 0; b < blocks; b++) {
                        int o = (rowBlock + b) * 16;
                        int xo = xBase + b * 32;
                        float amax = blockMax(x, xo);
                        float id = amax != 0f ? 127f / amax : 0f;
                        int dot = 0;
                        for (int j = 0; j < 16; j++) {
                            int q = w.get(o + j) & 0xFF;
                            dot += ((q & 0x0F) - 8) * (int) rint(x.get(xo + j) * id)
                                    + ((q >> 4) - 8) * (int) rint(x.get(xo + j + 16) * id);
                        }
                        sum += dot * (scales.get(rowBlock + b) * roundToHalf(amax / 127f));
                    }
                    out.set(s * rows + r, sum);
                }
            }
        }
    }

    /**
     * out[t] = x[t] / sqrt(mean(x[t]²) + eps) * weight, one work-group of {@link #NORM_LOCAL} work-items per token:
     * each sums a strided share of the squares, a tree reduction in local memory gives the total, then every
     * work-item scales its share. The group's early return is uniform (all its work-items share t).
     */
    public static void rmsNorm(KernelContext ctx, FloatArray x, FloatArray weight, FloatArray out, IntArray meta,
                               int dim, float eps) {
        float[] partial = ctx.allocateFloatLocalArray(NORM_LOCAL); // local memory is declared at kernel scope
        int t = ctx.groupIdx;
        int l = ctx.localIdx;
        if (t >= meta.get(0)) {
            return;
        }
        int base = t * dim;
        float ss = 0f;
        for (int i = l; i < dim; i += NORM_LOCAL) {
            float v = x.get(base + i);
            ss += v * v;
        }
        partial[l] = ss;
        ctx.localBarrier();
        for (int stride = NORM_LOCAL / 2; stride > 0; stride >>= 1) {
            if (l < stride) {
                partial[l] += partial[l + stride];
            }
            ctx.localBarrier();
        }
        float scale = 1f / TornadoMath.sqrt(partial[0] / dim + eps);
        for (int i = l; i < dim; i += NORM_LOCAL) {
            out.set(base + i, x.get(base + i) * scale * weight.get(i));
        }
    }

    /**
     * Rotates the first ropeDims values of each head of x[t] for position positions[t]: NORMAL pairs (2i, 2i+1),
     * NEOX pairs (i, i + ropeDims/2) (llama_model_rope_type); cos/sin are the host's tables, [pos * pairs + i].
     * (Not "half": TornadoVM keeps Java parameter names in the OpenCL source, where half is a type.)
     */
    public static void rope(FloatArray x, FloatArray cos, FloatArray sin, IntArray positions, IntArray meta, int cap,
                            int heads, int headSize, int pairs, int neox) {
        for (@Parallel int t = 0; t < cap; t++) {
            for (@Parallel int p = 0; p < heads * pairs; p++) {
                if (t < meta.get(0)) {
                    int h = p / pairs;
                    int i = p - h * pairs;
                    int o = t * heads * headSize + h * headSize;
                    int a = neox == 1 ? o + i : o + 2 * i;
                    int b = neox == 1 ? a + pairs : a + 1;
                    int tab = positions.get(t) * pairs + i;
                    float c = cos.get(tab);
                    float s = sin.get(tab);
                    float x0 = x.get(a);
                    float x1 = x.get(b);
                    x.set(a, x0 * c - x1 * s);
                    x.set(b, x0 * s + x1 * c);
                }
            }
        }
    }

    /**
     * Causal attention, one work-item per (token, head), in three passes over the positions (max, sum, weighted
     * values) so it needs no per-position scratch: fixed memory per work-item, as the OpenCL kernel. q arrives
     * F16-rounded (host) and the cache holds F16-rounded values; the probabilities are rounded to F16 before the
     * value product, as ggml converts them for an F16 cache. {@code seq} holds, per token, (cache slot, position);
     * the cache is [slot][pos][kvDim].
     */
    public static void attention(FloatArray q, FloatArray keys, FloatArray values, IntArray seq, IntArray meta,
                                 FloatArray out, int cap, int heads, int kvHeads, int headSize, int slotLength) {
        for (@Parallel int t = 0; t < cap; t++) {
            for (@Parallel int h = 0; h < heads; h++) {
                if (t < meta.get(0)) {
                    int kvDim = kvHeads * headSize;
                    int kvOff = (h / (heads / kvHeads)) * headSize;
                    int cache = seq.get(2 * t) * slotLength * kvDim;
                    int pos = seq.get(2 * t + 1);
                    int qo = t * heads * headSize + h * headSize;
                    float scale = 1f / TornadoMath.sqrt((float) headSize);
                    float max = -3.0e38f;
                    for (int p = 0; p <= pos; p++) {
                        float dot = 0f;
                        for (int i = 0; i < headSize; i++) {
                            dot += q.get(qo + i) * keys.get(cache + p * kvDim + kvOff + i);
                        }
                        max = TornadoMath.max(max, dot * scale);
                    }
                    float sum = 0f;
                    for (int p = 0; p <= pos; p++) {
                        float dot = 0f;
                        for (int i = 0; i < headSize; i++) {
                            dot += q.get(qo + i) * keys.get(cache + p * kvDim + kvOff + i);
                        }
                        sum += TornadoMath.exp(dot * scale - max);
                    }
                    for (int i = 0; i < headSize; i++) {
                        out.set(qo + i, 0f);
                    }
                    for (int p = 0; p <= pos; p++) {
                        float dot = 0f;
                        for (int i = 0; i < headSize; i++) {
                            dot += q.get(qo + i) * keys.get(cache + p * kvDim + kvOff + i);
                        }
                        float prob = roundToHalf(TornadoMath.exp(dot * scale - max) / sum);
                        for (int i = 0; i < headSize; i++) {
                            out.set(qo + i, out.get(qo + i) + prob * values.get(cache + p * kvDim + kvOff + i));
                        }
                    }
                }
            }
        }
    }

    /**
     * gate[i] = silu(gate[i]) * up[i] over the live rows: rows of {@code width}, {@code k} rows per token (the
     * MoE's slots), {@code cap} token capacity.
     */
    public static void swiglu(FloatArray gate, FloatArray up, IntArray meta, int cap, int width, int k) {
        for (@Parallel int i = 0; i < cap * k * width; i++) {
            if (i < meta.get(0) * k * width) {
                float g = gate.get(i);
                gate.set(i, g / (1f + TornadoMath.exp(-g)) * up.get(i));
            }
        }
    }

    /**
     * The router, one work-item per token: softmax over the expert logits (overwritten with the probabilities),
     * then the k most probable experts by repeated arg-max (ties to the lower index, as the host), renormalised to
     * sum 1 when {@code normalize} = 1 (build_moe_ffn's norm_w). Writes chosen[t*k + j] and weights[t*k + j].
     */
    public static void routeTopK(FloatArray logits, IntArray chosen, FloatArray weights, IntArray meta, int cap,
                                 int experts, int k, int normalize) {
        for (@Parallel int t = 0; t < cap; t++) {
            if (t < meta.get(0)) {
                int o = t * experts;
                float max = -3.0e38f;
                for (int e = 0; e < experts; e++) {
                    max = TornadoMath.max(max, logits.get(o + e));
                }
                float sum = 0f;
                for (int e = 0; e < experts; e++) {
                    float p = TornadoMath.exp(logits.get(o + e) - max);
                    logits.set(o + e, p);
                    sum += p;
                }
                for (int e = 0; e < experts; e++) {
                    logits.set(o + e, logits.get(o + e) / sum);
                }
                selectTopK(logits, chosen, weights, t, o, experts, k, normalize);
            }
        }
    }

    /**
     * The k most probable experts of token t from its probabilities logits[o ..]: repeated arg-max (ties to the
     * lower index, as the host), renormalised when {@code normalize} = 1.
     */
    static void selectTopK(FloatArray logits, IntArray chosen, FloatArray weights, int t, int o, int experts, int k,
                           int normalize) {
        float total = 0f;
        for (int j = 0; j < k; j++) {
            int best = -1;
            for (int e = 0; e < experts; e++) {
                boolean taken = false;
                for (int i = 0; i < j; i++) {
                    if (chosen.get(t * k + i) == e) {
                        taken = true;
                    }
                }
                if (!taken && (best < 0 || logits.get(o + e) > logits.get(o + best))) {
                    best = e;
                }
            }
            chosen.set(t * k + j, best);
            weights.set(t * k + j, logits.get(o + best));
            total += logits.get(o + best);
        }
        if (normalize == 1) {
            for (int j = 0; j < k; j++) {
                weights.set(t * k + j, weights.get(t * k + j) / total);
            }
        }
    }

    /**
     * {@link #routeTopK} with Edge-MoE's single-pass ("online") softmax, the FPGA-friendly variant (the OpenCL
     * backend's FPGA_FRIENDLY build): the logits stream once through a running max m and sum s of exp(x − m),
     * rescaled when m grows, instead of separate max / exp-sum / normalise passes.
     */
    public static void routeTopKSinglePass(FloatArray logits, IntArray chosen, FloatArray weights, IntArray meta,
                                           int cap, int experts, int k, int normalize) {
        for (@Parallel int t = 0; t < cap; t++) {
            if (t < meta.get(0)) {
                int o = t * experts;
                float m = -3.0e38f;
                float s = 0f;
                for (int e = 0; e < experts; e++) {
                    float v = logits.get(o + e);
                    if (v > m) {
                        s = s * TornadoMath.exp(m - v) + 1f;
                        m = v;
                    } else {
                        s += TornadoMath.exp(v - m);
                    }
                }
                for (int e = 0; e < experts; e++) {
                    logits.set(o + e, TornadoMath.exp(logits.get(o + e) - m) / s);
                }
                selectTopK(logits, chosen, weights, t, o, experts, k, normalize);
            }
        }
    }

    /** The MoE's weighted combine: out[t][d] = Σ_j weights[t*k + j] · y[(t*k + j)][d] (no races: one item per (t, d)). */
    public static void combineSlots(FloatArray y, FloatArray weights, FloatArray out, IntArray meta, int cap, int dim,
                                    int k) {
        for (@Parallel int t = 0; t < cap; t++) {
            for (@Parallel int d = 0; d < dim; d++) {
                if (t < meta.get(0)) {
                    float sum = 0f;
                    for (int j = 0; j < k; j++) {
                        sum += weights.get(t * k + j) * y.get((t * k + j) * dim + d);
                    }
                    out.set(t * dim + d, sum);
                }
            }
        }
    }

    /**
     * {@link io.symoe.accelerators.backend.ComputeBackend#combine}: out[rows[j]] += weights[j] · y[j]; one work-item
     * per column walks the j in order, so two j naming the same row never race.
     */
    public static void combineRows(FloatArray out, IntArray rows, FloatArray y, FloatArray weights, IntArray meta,
                                   int dim) {
        for (@Parallel int d = 0; d < dim; d++) {
            for (int j = 0; j < meta.get(0); j++) {
                int o = rows.get(j) * dim + d;
                out.set(o, out.get(o) + weights.get(j) * y.get(j * dim + d));
            }
        }
    }

    // ---- the per-layer kernels of the device-resident forward pass (ForwardPlan): the residual stream, q/k/v and
    // the KV cache stay in device arrays across layers and tokens; these are the glue ops between the blocks.

    /** x[t][i] += b[i] over the live rows (qwen2's q/k/v biases). */
    public static void addBias(FloatArray x, FloatArray b, IntArray meta, int cap, int width) {
        for (@Parallel int t = 0; t < cap; t++) {
            for (@Parallel int i = 0; i < width; i++) {
                if (t < meta.get(0)) {
                    x.set(t * width + i, x.get(t * width + i) + b.get(i));
                }
            }
        }
    }

    /** x[t][i] += d[t][i] over the live rows: a block's output added to the residual stream. */
    public static void addRows(FloatArray x, FloatArray d, IntArray meta, int cap, int width) {
        for (@Parallel int t = 0; t < cap; t++) {
            for (@Parallel int i = 0; i < width; i++) {
                if (t < meta.get(0)) {
                    x.set(t * width + i, x.get(t * width + i) + d.get(t * width + i));
                }
            }
        }
    }

    /**
     * q rounded to F16 in place over the live rows: ggml converts q to F16 for its product with an F16 cache (the
     * per-op path rounds it on the host).
     */
    public static void roundRowsToHalf(FloatArray x, IntArray meta, int cap, int width) {
        for (@Parallel int t = 0; t < cap; t++) {
            for (@Parallel int i = 0; i < width; i++) {
                if (t < meta.get(0)) {
                    x.set(t * width + i, roundToHalf(x.get(t * width + i)));
                }
            }
        }
    }

    /**
     * Stores k[t] and v[t] F16-rounded (llama.cpp's default cache type) into the device cache at token t's (slot,
     * position) from {@code seq}; the cache is [slot][pos][kvDim], as {@link #attention} reads it.
     */
    public static void kvStore(FloatArray k, FloatArray v, FloatArray keys, FloatArray values, IntArray seq,
                               IntArray meta, int cap, int kvDim, int slotLength) {
        for (@Parallel int t = 0; t < cap; t++) {
            for (@Parallel int i = 0; i < kvDim; i++) {
                if (t < meta.get(0)) {
                    int o = (seq.get(2 * t) * slotLength + seq.get(2 * t + 1)) * kvDim + i;
                    keys.set(o, roundToHalf(k.get(t * kvDim + i)));
                    values.set(o, roundToHalf(v.get(t * kvDim + i)));
                }
            }
        }
    }

    /** qwen2moe's shared expert: delta[t] += sigmoid(gate[t]) · y[t] (gate: one logit per token). */
    public static void gatedAdd(FloatArray delta, FloatArray y, FloatArray gate, IntArray meta, int cap, int dim) {
        for (@Parallel int t = 0; t < cap; t++) {
            for (@Parallel int i = 0; i < dim; i++) {
                if (t < meta.get(0)) {
                    float g = 1f / (1f + TornadoMath.exp(-gate.get(t)));
                    delta.set(t * dim + i, delta.get(t * dim + i) + g * y.get(t * dim + i));
                }
            }
        }
    }
}
