package io.symoe.accelerators.tornado;

import io.symoe.accelerators.backend.AttentionShape;
import io.symoe.accelerators.backend.AttentionWeights;
import io.symoe.accelerators.backend.ExpertWeights;
import io.symoe.accelerators.kernel.RoPE;
import io.symoe.accelerators.tensor.Matrix;
import uk.ac.manchester.tornado.api.GridScheduler;
import uk.ac.manchester.tornado.api.KernelContext;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.WorkerGrid1D;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The whole decoder stack of one model as one TornadoVM task graph, built once per model and executed once per
 * chunk of up to {@link #CAP} tokens: every layer's attention block (RMSNorm, q/k/v, biases, RoPE, the F16 store
 * into the device KV cache, attention, output projection, residual add) and feed-forward block (dense SwiGLU, or the
 * routed experts with router top-k on the device and qwen2moe's gated shared expert, residual add) in order.
 *
 * <p>What stays on the device: the weights, the RMSNorm weights and biases, the RoPE tables, every intermediate and
 * the KV cache of up to {@link #SLOTS} sequences ({@code DataTransferMode.FIRST_EXECUTION}: uploaded once, then
 * only the kernels write them, across layers and across tokens). What moves per execution: the chunk's embedded
 * rows x, the live token count, the positions and (slot, position) pairs up; the final residual rows x and each
 * layer's new k/v rows (kvDim floats per token and layer, so the Transformer's host cache stays valid for the host
 * fallback, as the OpenCL backend does) back.
 *
 * <p>Why one graph for all layers rather than one per layer kind: TornadoVM binds a graph's arrays when it is built,
 * so "one graph per layer kind reused with each layer's weights" would mean either a graph per layer anyway or
 * stacking every layer's weights into one array (int-indexed: 2 GiB at most, too small for real models). Within one
 * graph the device buffers persist without persistOnDevice/consumeFromDevice chains between graphs. Why a fixed
 * capacity instead of one plan per power of two: the KV cache lives in the plan's device buffers, so prefill and
 * decode must run through the same plan; a prefill longer than CAP runs as several executions (rows of one chunk
 * attend to the cache the earlier chunks wrote, so the result is the same).
 */
final class ForwardPlan implements AutoCloseable {
    /**
     * Tokens per execution (rows of every activation array): a decode step runs this many rows' grids (the rows
     * past the live count exit at once), a prefill of n tokens runs ceil(n / CAP) executions.
     * {@code -Dsymoe.tornado.chunk=N} overrides the default 16.
     */
    static final int CAP = Math.max(1, Integer.getInteger("symoe.tornado.chunk", 16));
    /** Sequences whose KV cache the plan keeps on the device; others run on the host path. */
    static final int SLOTS = 4;

    /** One block call of the Transformer, recorded until the forward pass's logits are asked for. */
    sealed interface Call permits Attn, Ffn, Moe {
    }

    record Attn(float[] norm, float eps, AttentionWeights a, RoPE rope, float[][] keys, float[][] values,
                int[] positions, AttentionShape s) implements Call {
    }

    record Ffn(float[] norm, float eps, Matrix gate, Matrix up, Matrix down) implements Call {
    }

    record Moe(float[] norm, float eps, ExpertWeights m, int k, boolean normalize, Matrix[] shared) implements Call {
    }

    /** Whether every block of {@code calls} has kernels (else the whole pass takes the host path). */
    static boolean supports(List<Call> calls) {
        if (calls.isEmpty() || !(calls.getFirst() instanceof Attn)) {
            return false;
        }
        for (Call c : calls) {
            boolean ok = switch (c) {
                // olmoe's whole-vector q/k norms have no device form here (not in the reference set): host path
                case Attn a -> a.a().qNorm() == null && all(a.a().wq(), a.a().wk(), a.a().wv(), a.a().wo());
                case Ffn f -> all(f.gate(), f.up(), f.down());
                case Moe m -> m.k() <= m.m().experts() && all(m.m().router(), m.m().gateExps(), m.m().upExps(),
                        m.m().downExps()) && (m.shared() == null || all(m.shared()));
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean all(Matrix... ws) {
        for (Matrix w : ws) {
            if (!DeviceWeight.supports(w)) {
                return false;
            }
        }
        return true;
    }

    /** The identities a plan was built from: the same model's calls give the same objects. */
    private static List<Object> signature(List<Call> calls) {
        List<Object> sig = new ArrayList<>();
        for (Call c : calls) {
            switch (c) {
                case Attn a -> sig.addAll(java.util.Arrays.asList(a.norm(), a.rope(), a.a().wq(), a.a().wk(),
                        a.a().wv(), a.a().wo(), a.a().bq(), a.a().bk(), a.a().bv()));
                case Ffn f -> sig.addAll(List.of(f.norm(), f.gate(), f.up(), f.down()));
                case Moe m -> {
                    sig.addAll(List.of(m.norm(), m.m().router(), m.m().gateExps(), m.m().upExps(), m.m().downExps(),
                            m.k(), m.normalize()));
                    if (m.shared() != null) {
                        sig.addAll(List.of(m.shared()));
                    }
                }
            }
        }
        return sig;
    }

    private final List<Object> signature;
    private final TornadoExecutionPlan plan;
    private final int dim, kvDim, slotLength, layers, moeLayers;
    private final FloatArray x;
    private final IntArray meta, positions, seq;
    private final FloatArray[] kOut, vOut;
    /** Host cache arrays of layer 0 (a sequence's identity) → device slot, least recently used first. */
    private final LinkedHashMap<float[], Integer> slots = new LinkedHashMap<>(16, 0.75f, true);

    ForwardPlan(String name, List<Call> calls, int dim, int slotLength, boolean fpgaFriendly,
                Function<Matrix, DeviceWeight> weight) {
        this.signature = signature(calls);
        this.dim = dim;
        this.slotLength = slotLength;
        Attn first = (Attn) calls.getFirst();
        AttentionShape s = first.s();
        this.kvDim = s.kvDim();
        int qDim = s.qDim();
        RoPE rope = first.rope();
        x = new FloatArray(CAP * dim);
        meta = new IntArray(1);
        positions = new IntArray(CAP);
        seq = new IntArray(2 * CAP);
        FloatArray xb = new FloatArray(CAP * dim), delta = new FloatArray(CAP * dim);
        FloatArray q = new FloatArray(CAP * qDim), att = new FloatArray(CAP * qDim);
        FloatArray cos = FloatArray.fromArray(rope.cosTable()), sin = FloatArray.fromArray(rope.sinTable());
        IntArray unrouted = new IntArray(1);
        // device-resident for the plan's life: weights, tables, scratch, caches (an identity set: a tensor shared
        // by several blocks is listed once)
        Set<Object> resident = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Object> residentOrder = new ArrayList<>();
        Function<Object, Object> keep = o -> {
            if (o != null && resident.add(o)) {
                residentOrder.add(o);
            }
            return o;
        };
        Function<Matrix, DeviceWeight> dw = m -> {
            DeviceWeight w = weight.apply(m);
            for (Object a : w.arrays()) {
                keep.apply(a);
            }
            return w;
        };
        Map<float[], FloatArray> vectors = new IdentityHashMap<>();
        Function<float[], FloatArray> vec = v -> v == null ? null
                : (FloatArray) keep.apply(vectors.computeIfAbsent(v, FloatArray::fromArray));
        for (Object o : new Object[]{xb, delta, q, att, cos, sin, unrouted}) {
            keep.apply(o);
        }
        List<Runnable> tasks = new ArrayList<>();
        TaskGraph g = new TaskGraph(name);
        GridScheduler grids = new GridScheduler();
        List<FloatArray> ks = new ArrayList<>(), vs = new ArrayList<>();
        int layer = 0, moe = 0;
        for (Call c : calls) {
            String p = "l" + layer;
            switch (c) {
                case Attn a -> {
                    AttentionWeights w = a.a();
                    DeviceWeight wq = dw.apply(w.wq()), wk = dw.apply(w.wk()), wv = dw.apply(w.wv()),
                            wo = dw.apply(w.wo());
                    FloatArray norm = vec.apply(a.norm());
                    FloatArray bq = vec.apply(w.bq()), bk = vec.apply(w.bk()), bv = vec.apply(w.bv());
                    FloatArray k = (FloatArray) keep.apply(new FloatArray(CAP * kvDim));
                    FloatArray v = (FloatArray) keep.apply(new FloatArray(CAP * kvDim));
                    FloatArray kc = (FloatArray) keep.apply(new FloatArray(SLOTS * slotLength * kvDim));
                    FloatArray vc = (FloatArray) keep.apply(new FloatArray(SLOTS * slotLength * kvDim));
                    ks.add(k);
                    vs.add(v);
                    int neox = a.rope().ordering() == RoPE.Ordering.NEOX ? 1 : 0, pairs = a.rope().dims() / 2;
                    tasks.add(() -> norm(g, grids, name, p + "an", norm, xb, dim, a.eps()));
                    tasks.add(() -> {
                        mm(g, p + "q", wq, xb, q, unrouted, qDim, dim, w.wq());
                        mm(g, p + "k", wk, xb, k, unrouted, kvDim, dim, w.wk());
                        mm(g, p + "v", wv, xb, v, unrouted, kvDim, dim, w.wv());
                        if (bq != null) {
                            g.task(p + "bq", TornadoKernels::addBias, q, bq, meta, CAP, qDim);
                            g.task(p + "bk", TornadoKernels::addBias, k, bk, meta, CAP, kvDim);
                            g.task(p + "bv", TornadoKernels::addBias, v, bv, meta, CAP, kvDim);
                        }
                        g.task(p + "rq", TornadoKernels::rope, q, cos, sin, positions, meta, CAP, s.heads(),
                                s.headSize(), pairs, neox);
                        g.task(p + "rk", TornadoKernels::rope, k, cos, sin, positions, meta, CAP, s.kvHeads(),
                                s.headSize(), pairs, neox);
                        g.task(p + "hq", TornadoKernels::roundRowsToHalf, q, meta, CAP, qDim);
                        g.task(p + "kv", TornadoKernels::kvStore, k, v, kc, vc, seq, meta, CAP, kvDim, slotLength);
                        g.task(p + "at", TornadoKernels::attention, q, kc, vc, seq, meta, att, CAP, s.heads(),
                                s.kvHeads(), s.headSize(), slotLength);
                        mm(g, p + "o", wo, att, delta, unrouted, dim, qDim, w.wo());
                        g.task(p + "ar", TornadoKernels::addRows, x, delta, meta, CAP, dim);
                    });
                }
                case Ffn f -> {
                    DeviceWeight wg = dw.apply(f.gate()), wu = dw.apply(f.up()), wd = dw.apply(f.down());
                    FloatArray norm = vec.apply(f.norm());
                    int hidden = f.gate().rows();
                    FloatArray gb = (FloatArray) keep.apply(new FloatArray(CAP * hidden));
                    FloatArray ub = (FloatArray) keep.apply(new FloatArray(CAP * hidden));
                    tasks.add(() -> {
                        norm(g, grids, name, p + "fn", norm, xb, dim, f.eps());
                        mm(g, p + "g", wg, xb, gb, unrouted, hidden, dim, f.gate());
                        mm(g, p + "u", wu, xb, ub, unrouted, hidden, dim, f.up());
                        g.task(p + "sw", TornadoKernels::swiglu, gb, ub, meta, CAP, hidden, 1);
                        mm(g, p + "d", wd, gb, delta, unrouted, dim, hidden, f.down());
                        g.task(p + "fr", TornadoKernels::addRows, x, delta, meta, CAP, dim);
                    });
                    layer++;
                }
                case Moe m -> {
                    ExpertWeights e = m.m();
                    int experts = e.experts(), k = m.k(), hidden = e.gateExps().rows() / experts;
                    DeviceWeight wr = dw.apply(e.router()), wg = dw.apply(e.gateExps()), wu = dw.apply(e.upExps()),
                            wd = dw.apply(e.downExps());
                    FloatArray norm = vec.apply(m.norm());
                    FloatArray logits = (FloatArray) keep.apply(new FloatArray(CAP * experts));
                    IntArray chosen = (IntArray) keep.apply(new IntArray(CAP * k));
                    FloatArray wts = (FloatArray) keep.apply(new FloatArray(CAP * k));
                    FloatArray gb = (FloatArray) keep.apply(new FloatArray(CAP * k * hidden));
                    FloatArray ub = (FloatArray) keep.apply(new FloatArray(CAP * k * hidden));
                    FloatArray y = (FloatArray) keep.apply(new FloatArray(CAP * k * dim));
                    Matrix[] sh = m.shared();
                    DeviceWeight[] sw = sh == null ? null
                            : new DeviceWeight[]{dw.apply(sh[0]), dw.apply(sh[1]), dw.apply(sh[2]), dw.apply(sh[3])};
                    int sHidden = sh == null ? 0 : sh[0].rows();
                    FloatArray sg = sh == null ? null : (FloatArray) keep.apply(new FloatArray(CAP * sHidden));
                    FloatArray su = sh == null ? null : (FloatArray) keep.apply(new FloatArray(CAP * sHidden));
                    FloatArray sy = sh == null ? null : (FloatArray) keep.apply(new FloatArray(CAP * dim));
                    FloatArray sl = sh == null ? null : (FloatArray) keep.apply(new FloatArray(CAP));
                    tasks.add(() -> {
                        norm(g, grids, name, p + "mn", norm, xb, dim, m.eps());
                        mm(g, p + "rt", wr, xb, logits, unrouted, experts, dim, e.router());
                        if (fpgaFriendly) {
                            g.task(p + "tk", TornadoKernels::routeTopKSinglePass, logits, chosen, wts, meta, CAP,
                                    experts, k, m.normalize() ? 1 : 0);
                        } else {
                            g.task(p + "tk", TornadoKernels::routeTopK, logits, chosen, wts, meta, CAP, experts, k,
                                    m.normalize() ? 1 : 0);
                        }
                        TornadoBackend.matmulTask(g, p + "eg", wg, xb, gb, meta, chosen, CAP * k, hidden, dim, k, k,
                                1, (int) (e.gateExps().offset() / dim));
                        TornadoBackend.matmulTask(g, p + "eu", wu, xb, ub, meta, chosen, CAP * k, hidden, dim, k, k,
                                1, (int) (e.upExps().offset() / dim));
                        g.task(p + "es", TornadoKernels::swiglu, gb, ub, meta, CAP, hidden, k);
                        TornadoBackend.matmulTask(g, p + "ed", wd, gb, y, meta, chosen, CAP * k, dim, hidden, k, 1,
                                1, (int) (e.downExps().offset() / hidden));
                        g.task(p + "ec", TornadoKernels::combineSlots, y, wts, delta, meta, CAP, dim, k);
                        if (sh != null) {
                            mm(g, p + "sg", sw[0], xb, sg, unrouted, sHidden, dim, sh[0]);
                            mm(g, p + "su", sw[1], xb, su, unrouted, sHidden, dim, sh[1]);
                            g.task(p + "ss", TornadoKernels::swiglu, sg, su, meta, CAP, sHidden, 1);
                            mm(g, p + "sd", sw[2], sg, sy, unrouted, dim, sHidden, sh[2]);
                            mm(g, p + "sl", sw[3], xb, sl, unrouted, 1, dim, sh[3]);
                            g.task(p + "sa", TornadoKernels::gatedAdd, delta, sy, sl, meta, CAP, dim);
                        }
                        g.task(p + "mr", TornadoKernels::addRows, x, delta, meta, CAP, dim);
                    });
                    layer++;
                    moe++;
                }
            }
        }
        this.layers = ks.size();
        this.moeLayers = moe;
        this.kOut = ks.toArray(FloatArray[]::new);
        this.vOut = vs.toArray(FloatArray[]::new);
        g.transferToDevice(DataTransferMode.FIRST_EXECUTION, residentOrder.toArray());
        g.transferToDevice(DataTransferMode.EVERY_EXECUTION, x, meta, positions, seq);
        tasks.forEach(Runnable::run);
        List<Object> back = new ArrayList<>(List.of(x));
        back.addAll(ks);
        back.addAll(vs);
        g.transferToHost(DataTransferMode.EVERY_EXECUTION, back.toArray());
        // keep the plan withGridScheduler returns (newer TornadoVM versions return a decorating plan)
        this.plan = new TornadoExecutionPlan(g.snapshot()).withGridScheduler(grids);
    }

    private void mm(TaskGraph g, String id, DeviceWeight w, FloatArray in, FloatArray out, IntArray unrouted,
                    int rows, int cols, Matrix m) {
        TornadoBackend.matmulTask(g, id, w, in, out, meta, unrouted, CAP, rows, cols, 1, 1, 0,
                (int) (m.offset() / cols));
    }

    /** RMSNorm of x into xb: one work-group of NORM_LOCAL work-items per token row (a KernelContext reduction). */
    private void norm(TaskGraph g, GridScheduler grids, String graph, String id, FloatArray w, FloatArray xb, int dim,
                      float eps) {
        g.task(id, TornadoKernels::rmsNorm, new KernelContext(), x, w, xb, meta, dim, eps);
        WorkerGrid1D grid = new WorkerGrid1D(CAP * TornadoKernels.NORM_LOCAL);
        grid.setLocalWork(TornadoKernels.NORM_LOCAL, 1, 1);
        grids.addWorkerGrid(graph + "." + id, grid);
    }

    boolean matches(List<Call> calls) {
        List<Object> sig = signature(calls);
        if (sig.size() != signature.size()) {
            return false;
        }
        for (int i = 0; i < sig.size(); i++) {
            Object a = sig.get(i), b = signature.get(i);
            // the model's objects by identity; the scalars (k, normalize) by value
            boolean same = a instanceof Integer || a instanceof Boolean ? a.equals(b) : a == b;
            if (!same) {
                return false;
            }
        }
        return true;
    }

    int slotLength() {
        return slotLength;
    }

    int moeLayers() {
        return moeLayers;
    }

    /**
     * The device slot of each token's sequence, or null when this batch must take the host path: more sequences
     * than slots, a position beyond the slot length, or a sequence that continues (first position &gt; 0) without a
     * device cache (its cache rows exist only on the host). A new sequence (first position 0) takes a free slot or
     * the least recently used one not in this batch; the evicted sequence continues on the host path.
     */
    int[] assign(float[][] seqOf, int[] pos) {
        int n = pos.length;
        Map<float[], Integer> first = new IdentityHashMap<>();
        for (int t = 0; t < n; t++) {
            if (pos[t] >= slotLength) {
                return null;
            }
            first.putIfAbsent(seqOf[t], pos[t]);
        }
        if (first.size() > SLOTS) {
            return null;
        }
        for (Map.Entry<float[], Integer> e : first.entrySet()) {
            if (!slots.containsKey(e.getKey()) && e.getValue() != 0) {
                return null;
            }
        }
        for (float[] s : first.keySet()) {
            if (slots.get(s) != null) {
                continue; // get() also marks it recently used
            }
            boolean[] used = new boolean[SLOTS];
            slots.values().forEach(i -> used[i] = true);
            int free = -1;
            for (int i = 0; i < SLOTS && free < 0; i++) {
                if (!used[i]) {
                    free = i;
                }
            }
            if (free < 0) {
                float[] victim = null;
                for (float[] owner : slots.keySet()) {
                    if (!first.containsKey(owner)) {
                        victim = owner;
                        break;
                    }
                }
                free = slots.remove(victim);
            }
            slots.put(s, free);
        }
        int[] slotOf = new int[n];
        for (int t = 0; t < n; t++) {
            slotOf[t] = slots.get(seqOf[t]);
        }
        return slotOf;
    }

    /** The device caches of these sequences are stale (a batch of theirs ran on the host): forget them. */
    void forget(float[][] seqOf) {
        for (float[] s : seqOf) {
            slots.remove(s);
        }
    }

    /**
     * Runs the recorded pass: x (n × dim, host rows, updated in place) through every layer, chunk by chunk, and
     * writes each layer's new k/v rows F16-rounded into the host caches of {@code attns}.
     */
    void run(float[][] xh, int[] slotOf, List<Attn> attns) {
        int[] pos = attns.getFirst().positions();
        int n = pos.length;
        for (int c0 = 0; c0 < n; c0 += CAP) {
            int m = Math.min(CAP, n - c0);
            for (int t = 0; t < m; t++) {
                for (int i = 0; i < dim; i++) {
                    x.set(t * dim + i, xh[c0 + t][i]);
                }
                positions.set(t, pos[c0 + t]);
                seq.set(2 * t, slotOf[c0 + t]);
                seq.set(2 * t + 1, pos[c0 + t]);
            }
            meta.set(0, m);
            plan.execute();
            for (int t = 0; t < m; t++) {
                for (int i = 0; i < dim; i++) {
                    xh[c0 + t][i] = x.get(t * dim + i);
                }
            }
            for (int l = 0; l < layers; l++) {
                Attn a = attns.get(l);
                for (int t = 0; t < m; t++) {
                    int base = pos[c0 + t] * kvDim;
                    float[] kh = a.keys()[c0 + t], vh = a.values()[c0 + t];
                    for (int i = 0; i < kvDim; i++) {
                        kh[base + i] = Float.float16ToFloat(Float.floatToFloat16(kOut[l].get(t * kvDim + i)));
                        vh[base + i] = Float.float16ToFloat(Float.floatToFloat16(vOut[l].get(t * kvDim + i)));
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            plan.close();
        } catch (Exception e) {
            // releasing device memory is best effort at shutdown
        }
    }
}
