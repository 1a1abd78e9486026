// symoe OpenCL kernels: ggml block layouts dequantised in the kernel (weights stay in their file format on the
// device). Row-major activations: x[t * cols + i]. One work-item per (output row, token) for the matmuls: the
// simplest mapping that is correct on every device (PoCL vectorises across work-items on CPUs).
//
// FPGA_FRIENDLY (build option -DFPGA_FRIENDLY): Edge-MoE's single-pass ("online") softmax for the router, so the
// logits stream once through a fixed pipeline instead of max / exp-sum / normalise passes.

#define QK 32

__kernel void matmul_f32(__global const float* w, const ulong wOff, const int cols, const int rows,
                         __global const float* x, __global float* out) {
    const int r = get_global_id(0);
    const int t = get_global_id(1);
    if (r >= rows) return;
    __global const float* wr = w + wOff + (ulong) r * cols;
    __global const float* xt = x + (ulong) t * cols;
    float acc = 0.0f;
    for (int i = 0; i < cols; i++) {
        acc = fma(wr[i], xt[i], acc);
    }
    out[(ulong) t * rows + r] = acc;
}

// Activations for Q8_0/Q4_0 weights are quantised to Q8_0 blocks first, as ggml's CPU matmul does (the weight
// type's vec_dot_type; quantize_row_q8_0): d = amax / 127 rounded to f16, q = round-half-even(x * 127 / amax).
// Matching it keeps the logits within float noise of llama.cpp's; float activations drift by a few percent.
// One work-item per (block, token).
__kernel void quantize_q8_0(__global const float* x, const int cols, __global char* xq, __global float* xd) {
    const int b = get_global_id(0);
    const int t = get_global_id(1);
    __global const float* xb = x + (ulong) t * cols + b * QK;
    float amax = 0.0f;
    for (int j = 0; j < QK; j++) {
        amax = fmax(amax, fabs(xb[j]));
    }
    const float d = amax / 127.0f;
    const float id = amax != 0.0f ? 127.0f / amax : 0.0f;
    ushort h;
    vstore_half_rte(d, 0, (__private half*) &h);
    xd[t * (cols / QK) + b] = vload_half(0, (__private const half*) &h);
    __global char* q = xq + (ulong) t * cols + b * QK;
    for (int j = 0; j < QK; j++) {
        q[j] = (char) rint(xb[j] * id);
    }
}

// block_q8_0: half d; int8 q[32] (34 bytes). As ggml_vec_dot_q8_0_q8_0: per block the exact integer dot,
// times d_w * d_x.
__kernel void matmul_q8_0(__global const uchar* w, const ulong wByteOff, const int cols, const int rows,
                          __global const char* xq, __global const float* xd, __global float* out) {
    const int r = get_global_id(0);
    const int t = get_global_id(1);
    if (r >= rows) return;
    const int blocks = cols / QK;
    __global const uchar* row = w + wByteOff + (ulong) r * blocks * 34;
    __global const char* xt = xq + (ulong) t * cols;
    __global const float* dt = xd + (ulong) t * blocks;
    float acc = 0.0f;
    for (int b = 0; b < blocks; b++) {
        __global const uchar* blk = row + b * 34;
        const float d = vload_half(0, (__global const half*) blk);
        __global const char* q = (__global const char*) (blk + 2);
        __global const char* xb = xt + b * QK;
        int s = 0;
        for (int j = 0; j < QK; j++) {
            s += (int) q[j] * (int) xb[j];
        }
        acc = fma((float) s, d * dt[b], acc);
    }
    out[(ulong) t * rows + r] = acc;
}

// block_q4_0: half d; uchar qs[16] (18 bytes); element j = (qs[j] & 15) - 8, element j + 16 = (qs[j] >> 4) - 8.
// As ggml_vec_dot_q4_0_q8_0.
__kernel void matmul_q4_0(__global const uchar* w, const ulong wByteOff, const int cols, const int rows,
                          __global const char* xq, __global const float* xd, __global float* out) {
    const int r = get_global_id(0);
    const int t = get_global_id(1);
    if (r >= rows) return;
    const int blocks = cols / QK;
    __global const uchar* row = w + wByteOff + (ulong) r * blocks * 18;
    __global const char* xt = xq + (ulong) t * cols;
    __global const float* dt = xd + (ulong) t * blocks;
    float acc = 0.0f;
    for (int b = 0; b < blocks; b++) {
        __global const uchar* blk = row + b * 18;
        const float d = vload_half(0, (__global const half*) blk);
        __global const uchar* qs = blk + 2;
        __global const char* xb = xt + b * QK;
        int s = 0;
        for (int j = 0; j < 16; j++) {
            const uchar v = qs[j];
            s += ((int) (v & 15) - 8) * (int) xb[j];
            s += ((int) (v >> 4) - 8) * (int) xb[j + 16];
        }
        acc = fma((float) s, d * dt[b], acc);
    }
    out[(ulong) t * rows + r] = acc;
}

// out[t] = x[t] / sqrt(mean(x[t]^2) + eps) * weight; one work-item per token
__kernel void rms_norm(__global const float* x, __global const float* weight, __global float* out, const int dim,
                       const float eps) {
    const int t = get_global_id(0);
    __global const float* xt = x + (ulong) t * dim;
    float ss = 0.0f;
    for (int i = 0; i < dim; i++) {
        ss = fma(xt[i], xt[i], ss);
    }
    const float scale = 1.0f / sqrt(ss / dim + eps);
    __global float* o = out + (ulong) t * dim;
    for (int i = 0; i < dim; i++) {
        o[i] = xt[i] * scale * weight[i];
    }
}

// ---- Routed experts on the device (ggml's mul_mat_id): the top-k list stays in a device buffer. Slot s = t * k + j
// is token t's j-th chosen expert e = ids[s]; its weights are rows [e * rows, (e + 1) * rows) of the stacked
// tensor. perSlot = 0: the input row is the token's (gate / up); 1: the slot's own row (down, after SwiGLU).
//
// Grouped per expert, for prefill: group_slots lists the slots by expert (counting sort; offsets[e] ..
// offsets[e + 1] in sorted), and the matmul_id kernels run one work-item per (row, expert) that reads the
// expert's weight row once and dots it with every slot routed to that expert: a batch streams each chosen
// expert's weights once, as the host backend's per-expert grouping does.

__kernel void group_slots(__global const int* ids, const int slots, const int experts, __global int* offsets,
                          __global int* sorted) {
    if (get_global_id(0) != 0) return;
    for (int e = 0; e <= experts; e++) {
        offsets[e] = 0;
    }
    for (int s = 0; s < slots; s++) {
        offsets[ids[s] + 1]++;
    }
    for (int e = 0; e < experts; e++) {
        offsets[e + 1] += offsets[e];
    }
    for (int e = 0; e < experts; e++) { // stable: slots of one expert stay in token order
        int fill = offsets[e];
        for (int s = 0; s < slots; s++) {
            if (ids[s] == e) {
                sorted[fill++] = s;
            }
        }
    }
}

__kernel void matmul_id_f32(__global const float* w, const ulong wOff, const int cols, const int rows,
                            __global const int* offsets, __global const int* sorted, const int k, const int perSlot,
                            __global const float* x, __global float* out) {
    const int r = get_global_id(0);
    const int e = get_global_id(1);
    if (r >= rows) return;
    __global const float* wr = w + wOff + ((ulong) e * rows + r) * cols;
    for (int n = offsets[e]; n < offsets[e + 1]; n++) {
        const int s = sorted[n];
        __global const float* xt = x + (ulong) (perSlot ? s : s / k) * cols;
        float acc = 0.0f;
        for (int i = 0; i < cols; i++) {
            acc = fma(wr[i], xt[i], acc);
        }
        out[(ulong) s * rows + r] = acc;
    }
}

__kernel void matmul_id_q8_0(__global const uchar* w, const ulong wByteOff, const int cols, const int rows,
                             __global const int* offsets, __global const int* sorted, const int k, const int perSlot,
                             __global const char* xq, __global const float* xd, __global float* out) {
    const int r = get_global_id(0);
    const int e = get_global_id(1);
    if (r >= rows) return;
    const int blocks = cols / QK;
    __global const uchar* row = w + wByteOff + ((ulong) e * rows + r) * blocks * 34;
    for (int n = offsets[e]; n < offsets[e + 1]; n++) {
        const int s = sorted[n];
        const int src = perSlot ? s : s / k;
        __global const char* xt = xq + (ulong) src * cols;
        __global const float* dt = xd + (ulong) src * blocks;
        float acc = 0.0f;
        for (int b = 0; b < blocks; b++) {
            __global const uchar* blk = row + b * 34;
            const float d = vload_half(0, (__global const half*) blk);
            __global const char* q = (__global const char*) (blk + 2);
            __global const char* xb = xt + b * QK;
            int sum = 0;
            for (int j = 0; j < QK; j++) {
                sum += (int) q[j] * (int) xb[j];
            }
            acc = fma((float) sum, d * dt[b], acc);
        }
        out[(ulong) s * rows + r] = acc;
    }
}

__kernel void matmul_id_q4_0(__global const uchar* w, const ulong wByteOff, const int cols, const int rows,
                             __global const int* offsets, __global const int* sorted, const int k, const int perSlot,
                             __global const char* xq, __global const float* xd, __global float* out) {
    const int r = get_global_id(0);
    const int e = get_global_id(1);
    if (r >= rows) return;
    const int blocks = cols / QK;
    __global const uchar* row = w + wByteOff + ((ulong) e * rows + r) * blocks * 18;
    for (int n = offsets[e]; n < offsets[e + 1]; n++) {
        const int s = sorted[n];
        const int src = perSlot ? s : s / k;
        __global const char* xt = xq + (ulong) src * cols;
        __global const float* dt = xd + (ulong) src * blocks;
        float acc = 0.0f;
        for (int b = 0; b < blocks; b++) {
            __global const uchar* blk = row + b * 18;
            const float d = vload_half(0, (__global const half*) blk);
            __global const uchar* qs = blk + 2;
            __global const char* xb = xt + b * QK;
            int sum = 0;
            for (int j = 0; j < 16; j++) {
                const uchar v = qs[j];
                sum += ((int) (v & 15) - 8) * (int) xb[j];
                sum += ((int) (v >> 4) - 8) * (int) xb[j + 16];
            }
            acc = fma((float) sum, d * dt[b], acc);
        }
        out[(ulong) s * rows + r] = acc;
    }
}

// Ungrouped: one work-item per (row, slot), reading the slot's expert from ids. For decode and short batches,
// where most experts have no token: the grouped form would leave most (row, expert) work-items idle and, on a CPU
// device, could put all the chosen experts on one core.
__kernel void matmul_slot_f32(__global const float* w, const ulong wOff, const int cols, const int rows,
                            __global const int* ids, const int k, const int perSlot,
                            __global const float* x, __global float* out) {
    const int r = get_global_id(0);
    const int s = get_global_id(1);
    if (r >= rows) return;
    const int e = ids[s];
    __global const float* wr = w + wOff + ((ulong) e * rows + r) * cols;
    __global const float* xt = x + (ulong) (perSlot ? s : s / k) * cols;
    float acc = 0.0f;
    for (int i = 0; i < cols; i++) {
        acc = fma(wr[i], xt[i], acc);
    }
    out[(ulong) s * rows + r] = acc;
}

__kernel void matmul_slot_q8_0(__global const uchar* w, const ulong wByteOff, const int cols, const int rows,
                             __global const int* ids, const int k, const int perSlot,
                             __global const char* xq, __global const float* xd, __global float* out) {
    const int r = get_global_id(0);
    const int s = get_global_id(1);
    if (r >= rows) return;
    const int blocks = cols / QK;
    const int e = ids[s];
    const int src = perSlot ? s : s / k;
    __global const uchar* row = w + wByteOff + ((ulong) e * rows + r) * blocks * 34;
    __global const char* xt = xq + (ulong) src * cols;
    __global const float* dt = xd + (ulong) src * blocks;
    float acc = 0.0f;
    for (int b = 0; b < blocks; b++) {
        __global const uchar* blk = row + b * 34;
        const float d = vload_half(0, (__global const half*) blk);
        __global const char* q = (__global const char*) (blk + 2);
        __global const char* xb = xt + b * QK;
        int sum = 0;
        for (int j = 0; j < QK; j++) {
            sum += (int) q[j] * (int) xb[j];
        }
        acc = fma((float) sum, d * dt[b], acc);
    }
    out[(ulong) s * rows + r] = acc;
}

__kernel void matmul_slot_q4_0(__global const uchar* w, const ulong wByteOff, const int cols, const int rows,
                             __global const int* ids, const int k, const int perSlot,
                             __global const char* xq, __global const float* xd, __global float* out) {
    const int r = get_global_id(0);
    const int s = get_global_id(1);
    if (r >= rows) return;
    const int blocks = cols / QK;
    const int e = ids[s];
    const int src = perSlot ? s : s / k;
    __global const uchar* row = w + wByteOff + ((ulong) e * rows + r) * blocks * 18;
    __global const char* xt = xq + (ulong) src * cols;
    __global const float* dt = xd + (ulong) src * blocks;
    float acc = 0.0f;
    for (int b = 0; b < blocks; b++) {
        __global const uchar* blk = row + b * 18;
        const float d = vload_half(0, (__global const half*) blk);
        __global const uchar* qs = blk + 2;
        __global const char* xb = xt + b * QK;
        int sum = 0;
        for (int j = 0; j < 16; j++) {
            const uchar v = qs[j];
            sum += ((int) (v & 15) - 8) * (int) xb[j];
            sum += ((int) (v >> 4) - 8) * (int) xb[j + 16];
        }
        acc = fma((float) sum, d * dt[b], acc);
    }
    out[(ulong) s * rows + r] = acc;
}

// out[t][i] = sum_j weights[t * k + j] * y[(t * k + j) * dim + i], summed in ascending expert order as the host's
// per-expert grouping does (same float result). One work-item per (i, t).
__kernel void moe_combine(__global const float* y, __global const int* ids, __global const float* weights,
                          const int k, const int dim, __global float* out) {
    const int i = get_global_id(0);
    const int t = get_global_id(1);
    float acc = 0.0f;
    int last = -1;
    for (int n = 0; n < k; n++) {
        int best = -1;
        for (int j = 0; j < k; j++) {
            const int e = ids[t * k + j];
            if (e > last && (best < 0 || e < ids[t * k + best])) {
                best = j;
            }
        }
        last = ids[t * k + best];
        acc = fma(y[((ulong) t * k + best) * dim + i], weights[t * k + best], acc);
    }
    out[(ulong) t * dim + i] = acc;
}

// ---- Attention over the device copy of one sequence's KV cache (F16-rounded floats, [pos * kvDim + kvHead * hs + i]).
// As ggml with an F16 cache: q and the probabilities are rounded to F16 for the two products. One work-item per
// (token, head), three passes over the positions (max, sum of exp, weighted values) so no per-position scratch is
// needed: the memory traffic per work-item is fixed by the position count, whatever the head size.

inline float to_half(float x) {
    ushort h;
    vstore_half_rte(x, 0, (__private half*) &h);
    return vload_half(0, (__private const half*) &h);
}

inline float att_score(__global const float* qt, __global const float* keys, const int p, const int kvDim,
                       const int kvOff, const int hs, const float scale) {
    __global const float* kp = keys + (ulong) p * kvDim + kvOff;
    float s = 0.0f;
    for (int i = 0; i < hs; i++) {
        s = fma(to_half(qt[i]), kp[i], s);
    }
    return s * scale;
}

// rows[i] is the batch row of the i-th token of this sequence (q, positions and out are indexed by batch row).
__kernel void attention(__global const float* q, __global const float* keys, __global const float* values,
                        __global const int* positions, __global const int* rows, const int heads, const int kvHeads,
                        const int hs, __global float* out) {
    const int t = rows[get_global_id(0)];
    const int h = get_global_id(1);
    const int qDim = heads * hs, kvDim = kvHeads * hs;
    const int kvOff = (h / (heads / kvHeads)) * hs;
    const int pos = positions[t];
    const float scale = rsqrt((float) hs);
    __global const float* qt = q + (ulong) t * qDim + h * hs;
    float m = -INFINITY;
    for (int p = 0; p <= pos; p++) {
        m = fmax(m, att_score(qt, keys, p, kvDim, kvOff, hs, scale));
    }
    float sum = 0.0f;
    for (int p = 0; p <= pos; p++) {
        sum += exp(att_score(qt, keys, p, kvDim, kvOff, hs, scale) - m);
    }
    const float inv = 1.0f / sum;
    __global float* o = out + (ulong) t * qDim + h * hs;
    for (int i = 0; i < hs; i++) {
        o[i] = 0.0f;
    }
    for (int p = 0; p <= pos; p++) {
        const float w = to_half(exp(att_score(qt, keys, p, kvDim, kvOff, hs, scale) - m) * inv);
        __global const float* vp = values + (ulong) p * kvDim + kvOff;
        for (int i = 0; i < hs; i++) {
            o[i] = fma(w, vp[i], o[i]);
        }
    }
}

// x[t][i] += b[i] over n rows of width (the qwen2 q/k/v biases); one work-item per element
__kernel void add_bias(__global float* x, __global const float* b, const int width) {
    const ulong i = get_global_id(0);
    x[i] += b[i % width];
}

// RoPE with the host's cos/sin tables ([pos * dims/2 + i]): neox = 0 pairs (2i, 2i+1), 1 pairs (i, i + dims/2).
// One work-item per (pair i, head, token).
__kernel void rope(__global float* x, __global const float* cosT, __global const float* sinT,
                   __global const int* positions, const int heads, const int hs, const int dims, const int neox) {
    const int i = get_global_id(0);
    const int h = get_global_id(1);
    const int t = get_global_id(2);
    const int pairs = dims / 2;
    const float c = cosT[positions[t] * pairs + i];
    const float s = sinT[positions[t] * pairs + i];
    __global float* xh = x + (ulong) t * heads * hs + h * hs;
    const int a = neox ? i : 2 * i;
    const int b = neox ? i + pairs : 2 * i + 1;
    const float x0 = xh[a], x1 = xh[b];
    xh[a] = x0 * c - x1 * s;
    xh[b] = x0 * s + x1 * c;
}

// k and v rows of the tokens rows[j] rounded to F16 into one sequence's device cache at their positions.
// One work-item per (element, token of this sequence).
__kernel void kv_store(__global const float* k, __global const float* v, __global const int* rows,
                       __global const int* positions, const int kvDim, __global float* keys, __global float* values) {
    const int i = get_global_id(0);
    const int t = rows[get_global_id(1)];
    const ulong dst = (ulong) positions[t] * kvDim + i;
    keys[dst] = to_half(k[(ulong) t * kvDim + i]);
    values[dst] = to_half(v[(ulong) t * kvDim + i]);
}

// x += delta, element-wise (the residual add)
__kernel void add(__global float* x, __global const float* delta) {
    const ulong i = get_global_id(0);
    x[i] += delta[i];
}

// delta[t][i] += sigmoid(gate[t]) * y[t][i] (qwen2moe's shared expert); one work-item per (i, t)
__kernel void gated_add(__global float* delta, __global const float* y, __global const float* gate, const int dim) {
    const int i = get_global_id(0);
    const int t = get_global_id(1);
    const float g = 1.0f / (1.0f + exp(-gate[t]));
    delta[(ulong) t * dim + i] += g * y[(ulong) t * dim + i];
}

// gate = silu(gate) * up, element-wise over n * width
__kernel void swiglu(__global float* gate, __global const float* up) {
    const ulong i = get_global_id(0);
    const float g = gate[i];
    gate[i] = g / (1.0f + exp(-g)) * up[i];
}

// Router: softmax over each token's expert logits (written back as probabilities), then the k most probable
// experts (ties: lowest index, as the host's strict '>' scan) and their weights, renormalised when normalize != 0.
// One work-item per token: the expert count is small (8-64), so this never leaves the device for the selection.
__kernel void route_top_k(__global float* logits, const int experts, const int k, const int normalize,
                          __global int* chosen, __global float* chosenW) {
    const int t = get_global_id(0);
    __global float* p = logits + (ulong) t * experts;
#ifdef FPGA_FRIENDLY
    // single pass: running max m and sum s of exp(x - m), rescaled when m grows (Edge-MoE's unified softmax)
    float m = -INFINITY, s = 0.0f;
    for (int e = 0; e < experts; e++) {
        const float v = p[e];
        if (v > m) {
            s = s * exp(m - v) + 1.0f;
            m = v;
        } else {
            s += exp(v - m);
        }
    }
    for (int e = 0; e < experts; e++) {
        p[e] = exp(p[e] - m) / s;
    }
#else
    float m = p[0];
    for (int e = 1; e < experts; e++) {
        m = fmax(m, p[e]);
    }
    float s = 0.0f;
    for (int e = 0; e < experts; e++) {
        const float v = exp(p[e] - m);
        p[e] = v;
        s += v;
    }
    for (int e = 0; e < experts; e++) {
        p[e] = p[e] / s;
    }
#endif
    ulong taken = 0; // experts <= 64, checked by the host
    float sum = 0.0f;
    for (int j = 0; j < k; j++) {
        int best = -1;
        for (int e = 0; e < experts; e++) {
            if (((taken >> e) & 1UL) == 0 && (best < 0 || p[e] > p[best])) {
                best = e;
            }
        }
        taken |= 1UL << best;
        chosen[t * k + j] = best;
        chosenW[t * k + j] = p[best];
        sum += p[best];
    }
    if (normalize) {
        for (int j = 0; j < k; j++) {
            chosenW[t * k + j] /= sum;
        }
    }
}
