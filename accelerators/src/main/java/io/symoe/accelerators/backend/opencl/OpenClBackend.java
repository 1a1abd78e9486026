package io.symoe.accelerators.backend.opencl;

import io.symoe.accelerators.backend.AttentionShape;
import io.symoe.accelerators.backend.AttentionWeights;
import io.symoe.accelerators.backend.ComputeBackend;
import io.symoe.accelerators.backend.CpuBackend;
import io.symoe.accelerators.backend.ExpertWeights;
import io.symoe.accelerators.backend.Residual;
import io.symoe.accelerators.backend.TopK;
import io.symoe.accelerators.gguf.GGMLType;
import io.symoe.accelerators.kernel.Parallel;
import io.symoe.accelerators.kernel.RoPE;
import io.symoe.accelerators.tensor.FloatTensor;
import io.symoe.accelerators.tensor.Matrix;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import static org.jocl.CL.*;

/**
 * The OpenCL backend: kernels.cl over F32 / Q8_0 / Q4_0 weights (dequantised in the kernel; activations for the
 * quantised types quantised to Q8_0 on the device, as ggml's CPU matmul does). Each weight tensor is uploaded once,
 * in its ggml layout, and kept for the backend's lifetime ({@link #preload}; the Transformer preloads every matrix
 * when it is built).
 *
 * <p>The blocks the Transformer hands over run whole on the device, their intermediates never leaving it:
 * {@link #attentionBlock} (projections, biases, q/k norms, RoPE, the F16 store into a device copy of the KV cache,
 * attention, output projection), {@link #moe} (router, softmax + top-k, the chosen experts' SwiGLU read from a
 * device list, weighted combine) and {@link #ffnBlock}. The block's input is uploaded and its output downloaded.
 * The residual adds, embedding lookup and the shared expert's sigmoid gate stay on the host, and matmuls over other
 * weight types (Q6_K, F16, BF16, e.g. a llama-quantize output matrix) run on the {@link CpuBackend} this wraps.
 */
public final class OpenClBackend implements ComputeBackend {
    private final OpenClDevice device;
    private final CpuBackend host;
    private final cl_kernel matmulF32, quantizeQ8, matmulQ8, matmulQ4, rmsNorm, swiglu, routeTopK;
    private final cl_kernel matmulIdF32, matmulIdQ8, matmulIdQ4, moeCombine, attention, addBias, ropeKernel, kvStore, groupSlots,
            addKernel, gatedAdd, matmulSlotF32, matmulSlotQ8, matmulSlotQ4;
    /**
     * Group the MoE slots by expert (one work-item per (row, expert), each weight row read once for all its tokens)
     * from this many slots per expert on average; below it (decode) one work-item per (row, slot). The system
     * property {@code symoe.opencl.group-experts} = {@code always} / {@code never} overrides it (benchmarking).
     */
    static final int GROUP_MIN_SLOTS_PER_EXPERT = 4;
    private final String groupMode = System.getProperty("symoe.opencl.group-experts", "auto");
    /** Device copies of KV-cache arrays (one per layer and sequence), released when the host array is collected. */
    private final Map<float[], cl_mem> kvMirrors = new java.util.WeakHashMap<>();
    private final java.util.concurrent.ConcurrentLinkedQueue<cl_mem> kvReleased = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();
    private final Map<FloatTensor, cl_mem> weights = new IdentityHashMap<>();
    private final Map<float[], cl_mem> vectors = new IdentityHashMap<>();
    private long uploadedBytes;
    private long deviceMoeCalls;
    private long deviceAttentionCalls;
    private long residualRoundTrips;
    private boolean closed;

    /** Opens the selected device and builds the kernels; {@code pool} runs the ops still on the host. */
    public OpenClBackend(OpenClSelection selection, Parallel pool) {
        this.device = OpenClDevice.open(selection);
        this.host = new CpuBackend(pool);
        this.matmulF32 = device.kernel("matmul_f32");
        this.quantizeQ8 = device.kernel("quantize_q8_0");
        this.matmulQ8 = device.kernel("matmul_q8_0");
        this.matmulQ4 = device.kernel("matmul_q4_0");
        this.rmsNorm = device.kernel("rms_norm");
        this.swiglu = device.kernel("swiglu");
        this.routeTopK = device.kernel("route_top_k");
        this.matmulIdF32 = device.kernel("matmul_id_f32");
        this.matmulIdQ8 = device.kernel("matmul_id_q8_0");
        this.matmulIdQ4 = device.kernel("matmul_id_q4_0");
        this.moeCombine = device.kernel("moe_combine");
        this.attention = device.kernel("attention");
        this.addBias = device.kernel("add_bias");
        this.ropeKernel = device.kernel("rope");
        this.kvStore = device.kernel("kv_store");
        this.groupSlots = device.kernel("group_slots");
        this.addKernel = device.kernel("add");
        this.gatedAdd = device.kernel("gated_add");
        this.matmulSlotF32 = device.kernel("matmul_slot_f32");
        this.matmulSlotQ8 = device.kernel("matmul_slot_q8_0");
        this.matmulSlotQ4 = device.kernel("matmul_slot_q4_0");
    }

    /** Every platform and device the ICD loader lists, one line each (for {@code --backend opencl} errors and logs). */
    public static List<String> devices() {
        return OpenClDevice.list();
    }

    @Override
    public String name() {
        return "opencl:" + device.name;
    }

    /** Bytes of weights resident on the device. */
    public synchronized long uploadedBytes() {
        return uploadedBytes;
    }

    /** How many MoE blocks ran entirely on the device (rather than the host-grouped fallback). */
    public synchronized long deviceMoeCalls() {
        return deviceMoeCalls;
    }

    /** How many blocks had to take the residual stream to the host (weights of a type without a kernel). */
    public synchronized long residualRoundTrips() {
        return residualRoundTrips;
    }

    /** How many attention blocks ran entirely on the device. */
    public synchronized long deviceAttentionCalls() {
        return deviceAttentionCalls;
    }

    static boolean onDevice(GGMLType type) {
        return type == GGMLType.F32 || type == GGMLType.Q8_0 || type == GGMLType.Q4_0;
    }

    @Override
    public synchronized void preload(Matrix w) {
        if (onDevice(w.tensor().type())) {
            weightBuffer(w.tensor());
        }
    }

    private cl_mem weightBuffer(FloatTensor t) {
        cl_mem b = weights.get(t);
        if (b == null) {
            MemorySegment bytes = t.bytes();
            long size = bytes.byteSize();
            b = clCreateBuffer(device.context, CL_MEM_READ_ONLY, size, null, null);
            long chunk = 1L << 30; // a ByteBuffer addresses at most 2 GiB
            for (long off = 0; off < size; off += chunk) {
                long len = Math.min(chunk, size - off);
                ByteBuffer bb = bytes.asSlice(off, len).asByteBuffer();
                if (!bb.isDirect()) {
                    bb = ByteBuffer.allocateDirect((int) len).put(bb).flip();
                }
                clEnqueueWriteBuffer(device.queue, b, CL_TRUE, off, len, Pointer.to(bb), 0, null, null);
            }
            weights.put(t, b);
            uploadedBytes += size;
        }
        return b;
    }

    private cl_mem vectorBuffer(float[] v) {
        return vectors.computeIfAbsent(v, k -> clCreateBuffer(device.context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR,
                (long) k.length * Sizeof.cl_float, Pointer.to(k), null));
    }

    private cl_mem upload(float[][] x, int n, int width) {
        float[] flat = new float[n * width];
        for (int t = 0; t < n; t++) {
            System.arraycopy(x[t], 0, flat, t * width, width);
        }
        return clCreateBuffer(device.context, CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR,
                (long) flat.length * Sizeof.cl_float, Pointer.to(flat), null);
    }

    private void download(cl_mem buf, float[][] out, int n, int width) {
        float[] flat = new float[n * width];
        clEnqueueReadBuffer(device.queue, buf, CL_TRUE, 0, (long) flat.length * Sizeof.cl_float, Pointer.to(flat), 0, null, null);
        for (int t = 0; t < n; t++) {
            System.arraycopy(flat, t * width, out[t], 0, width);
        }
    }

    private static void args(cl_kernel k, Object... args) {
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case cl_mem m -> clSetKernelArg(k, i, Sizeof.cl_mem, Pointer.to(m));
                case Integer v -> clSetKernelArg(k, i, Sizeof.cl_int, Pointer.to(new int[]{v}));
                case Long v -> clSetKernelArg(k, i, Sizeof.cl_ulong, Pointer.to(new long[]{v}));
                case Float v -> clSetKernelArg(k, i, Sizeof.cl_float, Pointer.to(new float[]{v}));
                default -> throw new IllegalArgumentException("kernel argument " + args[i]);
            }
        }
    }

    private void run(cl_kernel k, long... global) {
        clEnqueueNDRangeKernel(device.queue, k, global.length, null, global, null, 0, null, null);
    }

    @Override
    public synchronized void matmul(Matrix[] ws, float[][] x, float[][][] outs, int n) {
        if (n == 0) {
            return;
        }
        for (Matrix w : ws) {
            if (!onDevice(w.tensor().type())) { // e.g. a Q6_K output matrix: the host's kernels
                host.matmul(ws, x, outs, n);
                return;
            }
        }
        int cols = ws[0].cols();
        cl_mem xb = upload(x, n, cols);
        cl_mem xq = null, xd = null; // the Q8_0-quantised activations, made once for all quantised matrices
        try {
            for (int m = 0; m < ws.length; m++) {
                Matrix w = ws[m];
                if (w.cols() != cols) {
                    throw new IllegalArgumentException("matrices of one matmul must share the input width");
                }
                GGMLType type = w.tensor().type();
                if (type != GGMLType.F32 && xq == null) {
                    xq = clCreateBuffer(device.context, CL_MEM_READ_WRITE, (long) n * cols, null, null);
                    xd = clCreateBuffer(device.context, CL_MEM_READ_WRITE, (long) n * (cols / 32) * Sizeof.cl_float, null, null);
                    args(quantizeQ8, xb, cols, xq, xd);
                    run(quantizeQ8, cols / 32, n);
                }
                cl_mem out = clCreateBuffer(device.context, CL_MEM_WRITE_ONLY, (long) w.rows() * n * Sizeof.cl_float, null, null);
                try {
                    switch (type) {
                        case F32 -> {
                            args(matmulF32, weightBuffer(w.tensor()), w.offset(), cols, w.rows(), xb, out);
                            run(matmulF32, w.rows(), n);
                        }
                        case Q8_0, Q4_0 -> {
                            cl_kernel k = type == GGMLType.Q8_0 ? matmulQ8 : matmulQ4;
                            args(k, weightBuffer(w.tensor()), type.bytesFor(w.offset()), cols, w.rows(), xq, xd, out);
                            run(k, w.rows(), n);
                        }
                        default -> throw new IllegalStateException(type.toString());
                    }
                    download(out, outs[m], n, w.rows());
                } finally {
                    clReleaseMemObject(out);
                }
            }
        } finally {
            clReleaseMemObject(xb);
            if (xq != null) {
                clReleaseMemObject(xq);
                clReleaseMemObject(xd);
            }
        }
    }

    @Override
    public synchronized void rmsNorm(float[][] out, float[][] x, float[] weight, int dim, float eps, int n) {
        cl_mem xb = upload(x, n, dim);
        cl_mem ob = clCreateBuffer(device.context, CL_MEM_WRITE_ONLY, (long) n * dim * Sizeof.cl_float, null, null);
        try {
            args(rmsNorm, xb, vectorBuffer(weight), ob, dim, eps);
            run(rmsNorm, n);
            download(ob, out, n, dim);
        } finally {
            clReleaseMemObject(xb);
            clReleaseMemObject(ob);
        }
    }

    @Override
    public void rope(RoPE rope, float[][] x, int heads, int headSize, int[] positions, int n) {
        host.rope(rope, x, heads, headSize, positions, n);
    }

    /**
     * Attention on the device over a device copy of each sequence's KV cache: each call uploads only the rows of
     * the positions it computes (the rows the Transformer has just stored), so a sequence's cache crosses to the
     * device once, row by row. Tokens are grouped by sequence (one launch per sequence of a batched decode).
     */
    @Override
    public synchronized void attention(float[][] q, float[][] keys, float[][] values, int[] positions, float[][] out,
                                       AttentionShape shape, int n) {
        releaseCollectedMirrors();
        int qDim = shape.qDim(), kvDim = shape.kvDim();
        Map<float[], List<Integer>> bySequence = new java.util.LinkedHashMap<>();
        for (int t = 0; t < n; t++) {
            bySequence.computeIfAbsent(keys[t], a -> new java.util.ArrayList<>()).add(t);
        }
        for (List<Integer> group : bySequence.values()) {
            int first = group.getFirst(), g = group.size();
            cl_mem kb = mirror(keys[first]), vb = mirror(values[first]);
            int[] pos = new int[g];
            float[][] qg = new float[g][];
            for (int j = 0; j < g; j++) {
                int t = group.get(j);
                pos[j] = positions[t];
                qg[j] = q[t];
                long off = (long) positions[t] * kvDim;
                clEnqueueWriteBuffer(device.queue, kb, CL_TRUE, off * Sizeof.cl_float, (long) kvDim * Sizeof.cl_float,
                        Pointer.to(keys[t]).withByteOffset(off * Sizeof.cl_float), 0, null, null);
                clEnqueueWriteBuffer(device.queue, vb, CL_TRUE, off * Sizeof.cl_float, (long) kvDim * Sizeof.cl_float,
                        Pointer.to(values[t]).withByteOffset(off * Sizeof.cl_float), 0, null, null);
            }
            cl_mem qb = upload(qg, g, qDim);
            cl_mem pb = clCreateBuffer(device.context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, (long) g * Sizeof.cl_int,
                    Pointer.to(pos), null);
            cl_mem ob = deviceBuffer((long) g * qDim * Sizeof.cl_float);
            cl_mem rb = intBuffer(java.util.stream.IntStream.range(0, g).toArray());
            try {
                args(attention, qb, kb, vb, pb, rb, shape.heads(), shape.kvHeads(), shape.headSize(), ob);
                run(attention, g, shape.heads());
                float[][] og = new float[g][qDim];
                download(ob, og, g, qDim);
                for (int j = 0; j < g; j++) {
                    System.arraycopy(og[j], 0, out[group.get(j)], 0, qDim);
                }
            } finally {
                clReleaseMemObject(qb);
                clReleaseMemObject(pb);
                clReleaseMemObject(ob);
                clReleaseMemObject(rb);
            }
        }
    }

    private cl_mem intBuffer(int[] values) {
        return clCreateBuffer(device.context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, (long) values.length * Sizeof.cl_int,
                Pointer.to(values), null);
    }

    /**
     * The whole attention block on the device: one upload of xb, then projections, biases, q/k norms, RoPE, the
     * F16 store into the device KV cache, attention and the output projection stay there; out comes back once.
     * The new k/v rows are also written to the host cache arrays (a small copy) so the host copy stays valid.
     */
    @Override
    public synchronized void attentionBlock(AttentionWeights a, RoPE rope, float[][] xb, float[][] keys,
                                            float[][] values, int[] positions, float[][] out, AttentionShape s,
                                            float eps, int n) {
        for (Matrix w : new Matrix[]{a.wq(), a.wk(), a.wv(), a.wo()}) {
            if (!onDevice(w.tensor().type())) {
                ComputeBackend.super.attentionBlock(a, rope, xb, keys, values, positions, out, s, eps, n);
                return;
            }
        }
        int dim = a.wq().cols();
        List<cl_mem> temps = new java.util.ArrayList<>();
        try {
            cl_mem x = track(temps, upload(xb, n, dim));
            cl_mem o = track(temps, deviceBuffer((long) n * dim * Sizeof.cl_float));
            attentionOnDevice(a, rope, x, keys, values, positions, o, s, eps, n, temps);
            download(o, out, n, dim);
        } finally {
            temps.forEach(org.jocl.CL::clReleaseMemObject);
        }
    }

    private static boolean onDevice(Matrix... ws) {
        for (Matrix w : ws) {
            if (!onDevice(w.tensor().type())) {
                return false;
            }
        }
        return true;
    }

    /** The attention block from device input x to device output o (n × dim); temporaries go to temps. */
    private void attentionOnDevice(AttentionWeights a, RoPE rope, cl_mem x, float[][] keys, float[][] values,
                                   int[] positions, cl_mem o, AttentionShape s, float eps, int n, List<cl_mem> temps) {
        releaseCollectedMirrors();
        deviceAttentionCalls++;
        int dim = a.wq().cols(), qDim = s.qDim(), kvDim = s.kvDim(), hs = s.headSize();
        cl_mem[] xq = quantized(temps, x, n, dim, a.wq(), a.wk(), a.wv());
        cl_mem q = track(temps, deviceBuffer((long) n * qDim * Sizeof.cl_float));
        cl_mem k = track(temps, deviceBuffer((long) n * kvDim * Sizeof.cl_float));
        cl_mem v = track(temps, deviceBuffer((long) n * kvDim * Sizeof.cl_float));
        deviceMatmul(a.wq(), x, xq, q, n);
        deviceMatmul(a.wk(), x, xq, k, n);
        deviceMatmul(a.wv(), x, xq, v, n);
        if (a.bq() != null) {
            bias(q, a.bq(), n, qDim);
            bias(k, a.bk(), n, kvDim);
            bias(v, a.bv(), n, kvDim);
        }
        if (a.qNorm() != null) { // olmoe, in place: each work-item reads its row before writing it
            args(rmsNorm, q, vectorBuffer(a.qNorm()), q, qDim, eps);
            run(rmsNorm, n);
            args(rmsNorm, k, vectorBuffer(a.kNorm()), k, kvDim, eps);
            run(rmsNorm, n);
        }
        cl_mem pos = track(temps, intBuffer(positions));
        ropeOnDevice(rope, q, pos, s.heads(), hs, n);
        ropeOnDevice(rope, k, pos, s.kvHeads(), hs, n);
        Map<float[], List<Integer>> bySequence = new java.util.LinkedHashMap<>();
        for (int t = 0; t < n; t++) {
            bySequence.computeIfAbsent(keys[t], arr -> new java.util.ArrayList<>()).add(t);
        }
        cl_mem att = track(temps, deviceBuffer((long) n * qDim * Sizeof.cl_float));
        for (List<Integer> group : bySequence.values()) {
            int first = group.getFirst();
            cl_mem kc = mirror(keys[first]), vc = mirror(values[first]);
            cl_mem rows = track(temps, intBuffer(group.stream().mapToInt(Integer::intValue).toArray()));
            args(kvStore, k, v, rows, pos, kvDim, kc, vc);
            run(kvStore, kvDim, group.size());
            args(attention, q, kc, vc, pos, rows, s.heads(), s.kvHeads(), hs, att);
            run(attention, group.size(), s.heads());
        }
        cl_mem[] aq = quantized(temps, att, n, qDim, a.wo());
        deviceMatmul(a.wo(), att, aq, o, n);
        // the host cache arrays get the same rows (kvDim floats per token), so the host copy stays valid
        float[][] kh = new float[n][kvDim], vh = new float[n][kvDim];
        download(k, kh, n, kvDim);
        download(v, vh, n, kvDim);
        ComputeBackend.storeKv(kh, vh, keys, values, positions, kvDim, n);
    }

    /** gate/up, SwiGLU and down on the device: one upload of x, one download of out. */
    @Override
    public synchronized void ffnBlock(Matrix gate, Matrix up, Matrix down, float[][] x, float[][] out, int n) {
        if (!onDevice(gate.tensor().type()) || !onDevice(up.tensor().type()) || !onDevice(down.tensor().type())) {
            ComputeBackend.super.ffnBlock(gate, up, down, x, out, n);
            return;
        }
        int dim = gate.cols();
        List<cl_mem> temps = new java.util.ArrayList<>();
        try {
            cl_mem xb = track(temps, upload(x, n, dim));
            cl_mem o = track(temps, deviceBuffer((long) n * down.rows() * Sizeof.cl_float));
            ffnOnDevice(gate, up, down, xb, o, n, temps);
            download(o, out, n, down.rows());
        } finally {
            temps.forEach(org.jocl.CL::clReleaseMemObject);
        }
    }

    private void ffnOnDevice(Matrix gate, Matrix up, Matrix down, cl_mem xb, cl_mem o, int n, List<cl_mem> temps) {
        int dim = gate.cols(), ffn = gate.rows();
        cl_mem[] xq = quantized(temps, xb, n, dim, gate, up);
        cl_mem g = track(temps, deviceBuffer((long) n * ffn * Sizeof.cl_float));
        cl_mem u = track(temps, deviceBuffer((long) n * ffn * Sizeof.cl_float));
        deviceMatmul(gate, xb, xq, g, n);
        deviceMatmul(up, xb, xq, u, n);
        args(swiglu, g, u);
        run(swiglu, (long) n * ffn);
        cl_mem[] hq = quantized(temps, g, n, ffn, down);
        deviceMatmul(down, g, hq, o, n);
    }

    private void bias(cl_mem x, float[] b, int n, int width) {
        args(addBias, x, vectorBuffer(b), width);
        run(addBias, (long) n * width);
    }

    private void ropeOnDevice(RoPE rope, cl_mem x, cl_mem positions, int heads, int hs, int n) {
        args(ropeKernel, x, vectorBuffer(rope.cosTable()), vectorBuffer(rope.sinTable()), positions, heads, hs, rope.dims(),
                rope.ordering() == RoPE.Ordering.NEOX ? 1 : 0);
        run(ropeKernel, rope.dims() / 2, heads, n);
    }

    private cl_mem mirror(float[] hostCache) {
        cl_mem b = kvMirrors.get(hostCache);
        if (b == null) {
            cl_mem created = deviceBuffer((long) hostCache.length * Sizeof.cl_float);
            kvMirrors.put(hostCache, created);
            CLEANER.register(hostCache, () -> kvReleased.add(created)); // the action must not capture hostCache
            b = created;
        }
        return b;
    }

    private void releaseCollectedMirrors() {
        for (cl_mem b; (b = kvReleased.poll()) != null; ) {
            clReleaseMemObject(b);
        }
    }

    @Override
    public synchronized void swiglu(float[][] gate, float[][] up, int width, int n) {
        cl_mem g = upload(gate, n, width);
        cl_mem u = upload(up, n, width);
        try {
            args(swiglu, g, u);
            run(swiglu, (long) n * width);
            download(g, gate, n, width);
        } finally {
            clReleaseMemObject(g);
            clReleaseMemObject(u);
        }
    }

    @Override
    public synchronized TopK routeTopK(float[][] logits, int k, boolean normalize, int n) {
        int experts = logits[0].length;
        if (experts > 64 || k > experts) {
            throw new IllegalArgumentException("route_top_k handles up to 64 experts and k <= experts, got "
                    + experts + " / " + k);
        }
        cl_mem lb = upload(logits, n, experts);
        cl_mem chosen = clCreateBuffer(device.context, CL_MEM_WRITE_ONLY, (long) n * k * Sizeof.cl_int, null, null);
        cl_mem weightsOut = clCreateBuffer(device.context, CL_MEM_WRITE_ONLY, (long) n * k * Sizeof.cl_float, null, null);
        try {
            args(routeTopK, lb, experts, k, normalize ? 1 : 0, chosen, weightsOut);
            run(routeTopK, n);
            download(lb, logits, n, experts);
            int[] c = new int[n * k];
            float[] w = new float[n * k];
            clEnqueueReadBuffer(device.queue, chosen, CL_TRUE, 0, (long) c.length * Sizeof.cl_int, Pointer.to(c), 0, null, null);
            clEnqueueReadBuffer(device.queue, weightsOut, CL_TRUE, 0, (long) w.length * Sizeof.cl_float, Pointer.to(w), 0, null, null);
            int[][] ex = new int[n][k];
            float[][] wt = new float[n][k];
            for (int t = 0; t < n; t++) {
                System.arraycopy(c, t * k, ex[t], 0, k);
                System.arraycopy(w, t * k, wt[t], 0, k);
            }
            return new TopK(ex, wt);
        } finally {
            clReleaseMemObject(lb);
            clReleaseMemObject(chosen);
            clReleaseMemObject(weightsOut);
        }
    }

    /**
     * The whole routed-experts block on the device: router matmul, softmax + top-k (the expert list never leaves
     * the device), gate/up over each token's chosen experts, SwiGLU, down, and the weighted combine; one upload of
     * x and one download of the result per layer.
     */
    @Override
    public synchronized void moe(ExpertWeights m, float[][] x, float[][] out, int k, boolean normalize, int n) {
        if (!moeOnDevice(m, k)) {
            ComputeBackend.super.moe(m, x, out, k, normalize, n); // host grouping over this backend's ops
            return;
        }
        int dim = m.router().cols(), outDim = m.downExps().rows() / m.experts();
        List<cl_mem> temps = new java.util.ArrayList<>();
        try {
            cl_mem xb = track(temps, upload(x, n, dim));
            cl_mem ob = track(temps, deviceBuffer((long) n * outDim * Sizeof.cl_float));
            moeOnDevice(m, xb, ob, k, normalize, n, temps);
            download(ob, out, n, outDim);
        } finally {
            temps.forEach(org.jocl.CL::clReleaseMemObject);
        }
    }

    private static boolean moeOnDevice(ExpertWeights m, int k) {
        return onDevice(m.router(), m.gateExps(), m.upExps(), m.downExps()) && m.experts() <= 64 && k <= m.experts();
    }

    private void moeOnDevice(ExpertWeights m, cl_mem xb, cl_mem ob, int k, boolean normalize, int n, List<cl_mem> temps) {
        deviceMoeCalls++;
        int dim = m.router().cols(), experts = m.experts(), slots = n * k;
        int ffn = m.gateExps().rows() / experts, outDim = m.downExps().rows() / experts;
        cl_mem[] xq = quantized(temps, xb, n, dim, m.router(), m.gateExps(), m.upExps());
        cl_mem logits = track(temps, deviceBuffer((long) n * experts * Sizeof.cl_float));
        deviceMatmul(m.router(), xb, xq, logits, n);
        cl_mem ids = track(temps, deviceBuffer((long) slots * Sizeof.cl_int));
        cl_mem wts = track(temps, deviceBuffer((long) slots * Sizeof.cl_float));
        args(routeTopK, logits, experts, k, normalize ? 1 : 0, ids, wts);
        run(routeTopK, n);
        cl_mem offsets = track(temps, deviceBuffer((long) (experts + 1) * Sizeof.cl_int));
        cl_mem sorted = track(temps, deviceBuffer((long) slots * Sizeof.cl_int));
        boolean grouped = switch (groupMode) {
            case "always" -> true;
            case "never" -> false;
            default -> slots >= GROUP_MIN_SLOTS_PER_EXPERT * experts;
        };
        if (grouped) {
            args(groupSlots, ids, slots, experts, offsets, sorted);
            run(groupSlots, 1);
        }
        cl_mem[] groups = grouped ? new cl_mem[]{offsets, sorted} : new cl_mem[]{ids};
        cl_mem g = track(temps, deviceBuffer((long) slots * ffn * Sizeof.cl_float));
        cl_mem u = track(temps, deviceBuffer((long) slots * ffn * Sizeof.cl_float));
        deviceMatmulId(m.gateExps(), experts, groups, k, false, xb, xq, g, slots);
        deviceMatmulId(m.upExps(), experts, groups, k, false, xb, xq, u, slots);
        args(swiglu, g, u);
        run(swiglu, (long) slots * ffn);
        cl_mem[] hq = quantized(temps, g, slots, ffn, m.downExps());
        cl_mem y = track(temps, deviceBuffer((long) slots * outDim * Sizeof.cl_float));
        deviceMatmulId(m.downExps(), experts, groups, k, true, g, hq, y, slots);
        args(moeCombine, y, ids, wts, k, outDim, ob);
        run(moeCombine, outDim, n);
    }

    // ---- the residual stream on the device: x is uploaded once per forward pass (the embeddings) and only the rows
    // whose logits are wanted come back; each block reads norm(x) and adds its output to x on the device.

    /** x on the device: one buffer of tokens × dim floats. */
    private record DeviceResidual(cl_mem x, int tokens, int dim) implements Residual {
        @Override
        public void close() {
            clReleaseMemObject(x);
        }
    }

    @Override
    public synchronized Residual residual(float[][] x, int n, int dim) {
        return new DeviceResidual(upload(x, n, dim), n, dim);
    }

    /** Runs a host-composed block on a device residual: x down, the default composition, x back up (fallback). */
    private void onHost(Residual r, java.util.function.Consumer<Residual> block) {
        residualRoundTrips++;
        DeviceResidual d = (DeviceResidual) r;
        float[][] x = new float[d.tokens()][d.dim()];
        download(d.x(), x, d.tokens(), d.dim());
        block.accept(new Residual.Host(x, d.tokens(), d.dim()));
        float[] flat = new float[d.tokens() * d.dim()];
        for (int t = 0; t < d.tokens(); t++) {
            System.arraycopy(x[t], 0, flat, t * d.dim(), d.dim());
        }
        clEnqueueWriteBuffer(device.queue, d.x(), CL_TRUE, 0, (long) flat.length * Sizeof.cl_float, Pointer.to(flat), 0, null, null);
    }

    private cl_mem normed(DeviceResidual d, float[] norm, float eps, List<cl_mem> temps) {
        cl_mem xb = track(temps, deviceBuffer((long) d.tokens() * d.dim() * Sizeof.cl_float));
        args(rmsNorm, d.x(), vectorBuffer(norm), xb, d.dim(), eps);
        run(rmsNorm, d.tokens());
        return xb;
    }

    private void addInto(DeviceResidual d, cl_mem delta) {
        args(addKernel, d.x(), delta);
        run(addKernel, (long) d.tokens() * d.dim());
    }

    @Override
    public synchronized void attentionResidual(Residual r, float[] norm, float eps, AttentionWeights a, RoPE rope,
                                               float[][] keys, float[][] values, int[] positions, AttentionShape s) {
        if (!(r instanceof DeviceResidual d)) {
            ComputeBackend.super.attentionResidual(r, norm, eps, a, rope, keys, values, positions, s);
            return;
        }
        if (!onDevice(a.wq(), a.wk(), a.wv(), a.wo())) {
            onHost(r, h -> ComputeBackend.super.attentionResidual(h, norm, eps, a, rope, keys, values, positions, s));
            return;
        }
        List<cl_mem> temps = new java.util.ArrayList<>();
        try {
            cl_mem xb = normed(d, norm, eps, temps);
            cl_mem delta = track(temps, deviceBuffer((long) d.tokens() * d.dim() * Sizeof.cl_float));
            attentionOnDevice(a, rope, xb, keys, values, positions, delta, s, eps, d.tokens(), temps);
            addInto(d, delta);
        } finally {
            temps.forEach(org.jocl.CL::clReleaseMemObject);
        }
    }

    @Override
    public synchronized void ffnResidual(Residual r, float[] norm, float eps, Matrix gate, Matrix up, Matrix down) {
        if (!(r instanceof DeviceResidual d)) {
            ComputeBackend.super.ffnResidual(r, norm, eps, gate, up, down);
            return;
        }
        if (!onDevice(gate, up, down)) {
            onHost(r, h -> ComputeBackend.super.ffnResidual(h, norm, eps, gate, up, down));
            return;
        }
        List<cl_mem> temps = new java.util.ArrayList<>();
        try {
            cl_mem xb = normed(d, norm, eps, temps);
            cl_mem delta = track(temps, deviceBuffer((long) d.tokens() * d.dim() * Sizeof.cl_float));
            ffnOnDevice(gate, up, down, xb, delta, d.tokens(), temps);
            addInto(d, delta);
        } finally {
            temps.forEach(org.jocl.CL::clReleaseMemObject);
        }
    }

    @Override
    public synchronized void moeResidual(Residual r, float[] norm, float eps, ExpertWeights m, int k, boolean normalize,
                                         Matrix[] shared) {
        if (!(r instanceof DeviceResidual d)) {
            ComputeBackend.super.moeResidual(r, norm, eps, m, k, normalize, shared);
            return;
        }
        if (!moeOnDevice(m, k) || (shared != null && !onDevice(shared))) {
            onHost(r, h -> ComputeBackend.super.moeResidual(h, norm, eps, m, k, normalize, shared));
            return;
        }
        int n = d.tokens(), dim = d.dim();
        List<cl_mem> temps = new java.util.ArrayList<>();
        try {
            cl_mem xb = normed(d, norm, eps, temps);
            cl_mem delta = track(temps, deviceBuffer((long) n * dim * Sizeof.cl_float));
            moeOnDevice(m, xb, delta, k, normalize, n, temps);
            if (shared != null) {
                cl_mem y = track(temps, deviceBuffer((long) n * dim * Sizeof.cl_float));
                ffnOnDevice(shared[0], shared[1], shared[2], xb, y, n, temps);
                cl_mem gate = track(temps, deviceBuffer((long) n * Sizeof.cl_float));
                deviceMatmul(shared[3], xb, quantized(temps, xb, n, dim, shared[3]), gate, n);
                args(gatedAdd, delta, y, gate, dim);
                run(gatedAdd, dim, n);
            }
            addInto(d, delta);
        } finally {
            temps.forEach(org.jocl.CL::clReleaseMemObject);
        }
    }

    /** The wanted rows of x come back to the host (dim floats each); norm and output matmul go through the ops. */
    @Override
    public synchronized float[][] logits(Residual r, int[] rows, float[] norm, float eps, Matrix output) {
        if (!(r instanceof DeviceResidual d)) {
            return ComputeBackend.super.logits(r, rows, norm, eps, output);
        }
        float[][] x = new float[d.tokens()][d.dim()];
        download(d.x(), x, d.tokens(), d.dim());
        return ComputeBackend.super.logits(new Residual.Host(x, d.tokens(), d.dim()), rows, norm, eps, output);
    }

    private static cl_mem track(List<cl_mem> temps, cl_mem b) {
        temps.add(b);
        return b;
    }

    private cl_mem deviceBuffer(long bytes) {
        return clCreateBuffer(device.context, CL_MEM_READ_WRITE, bytes, null, null);
    }

    /** x (rows × cols, on the device) quantised to Q8_0 blocks when any of {@code ws} needs it, else null. */
    private cl_mem[] quantized(List<cl_mem> temps, cl_mem x, int rows, int cols, Matrix... ws) {
        for (Matrix w : ws) {
            if (w.tensor().type() != GGMLType.F32) {
                cl_mem xq = track(temps, deviceBuffer((long) rows * cols));
                cl_mem xd = track(temps, deviceBuffer((long) rows * (cols / 32) * Sizeof.cl_float));
                args(quantizeQ8, x, cols, xq, xd);
                run(quantizeQ8, cols / 32, rows);
                return new cl_mem[]{xq, xd};
            }
        }
        return null;
    }

    private void deviceMatmul(Matrix w, cl_mem x, cl_mem[] xq, cl_mem out, int n) {
        GGMLType type = w.tensor().type();
        switch (type) {
            case F32 -> {
                args(matmulF32, weightBuffer(w.tensor()), w.offset(), w.cols(), w.rows(), x, out);
                run(matmulF32, w.rows(), n);
            }
            case Q8_0, Q4_0 -> {
                cl_kernel k = type == GGMLType.Q8_0 ? matmulQ8 : matmulQ4;
                args(k, weightBuffer(w.tensor()), type.bytesFor(w.offset()), w.cols(), w.rows(), xq[0], xq[1], out);
                run(k, w.rows(), n);
            }
            default -> throw new IllegalStateException(type + " is not on the device");
        }
    }

    /**
     * The experts' matmul over all slots: grouped ({offsets, sorted} from group_slots; one work-item per
     * (row, expert)) or per slot ({ids}; one work-item per (row, slot)).
     */
    private void deviceMatmulId(Matrix stacked, int experts, cl_mem[] groups, int k, boolean perSlot, cl_mem x,
                                cl_mem[] xq, cl_mem out, int slots) {
        GGMLType type = stacked.tensor().type();
        int rows = stacked.rows() / experts;
        boolean grouped = groups.length == 2;
        long offset = type == GGMLType.F32 ? stacked.offset() : type.bytesFor(stacked.offset());
        cl_kernel kr = switch (type) {
            case F32 -> grouped ? matmulIdF32 : matmulSlotF32;
            case Q8_0 -> grouped ? matmulIdQ8 : matmulSlotQ8;
            case Q4_0 -> grouped ? matmulIdQ4 : matmulSlotQ4;
            default -> throw new IllegalStateException(type + " is not on the device");
        };
        Object[] head = grouped
                ? new Object[]{weightBuffer(stacked.tensor()), offset, stacked.cols(), rows, groups[0], groups[1], k, perSlot ? 1 : 0}
                : new Object[]{weightBuffer(stacked.tensor()), offset, stacked.cols(), rows, groups[0], k, perSlot ? 1 : 0};
        Object[] tail = type == GGMLType.F32 ? new Object[]{x, out} : new Object[]{xq[0], xq[1], out};
        Object[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        args(kr, all);
        run(kr, rows, grouped ? experts : slots);
    }

    @Override
    public void combine(float[][] out, int[] rows, float[][] y, float[] weights, int dim) {
        host.combine(out, rows, y, weights, dim);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        weights.values().forEach(org.jocl.CL::clReleaseMemObject);
        vectors.values().forEach(org.jocl.CL::clReleaseMemObject);
        kvMirrors.values().forEach(org.jocl.CL::clReleaseMemObject);
        kvMirrors.clear();
        kvReleased.clear(); // their buffers were in kvMirrors or are already gone with the context
        for (cl_kernel k : new cl_kernel[]{matmulF32, quantizeQ8, matmulQ8, matmulQ4, rmsNorm, swiglu, routeTopK,
                matmulIdF32, matmulIdQ8, matmulIdQ4, moeCombine, attention, addBias, ropeKernel, kvStore, groupSlots, addKernel, gatedAdd,
                matmulSlotF32, matmulSlotQ8, matmulSlotQ4}) {
            clReleaseKernel(k);
        }
        device.close();
    }
}
