package io.symoe.accelerators.tornado;

import io.symoe.accelerators.backend.AttentionShape;
import io.symoe.accelerators.backend.AttentionWeights;
import io.symoe.accelerators.backend.Residual;
import io.symoe.accelerators.backend.ComputeBackend;
import io.symoe.accelerators.backend.CpuBackend;
import io.symoe.accelerators.backend.ExpertWeights;
import io.symoe.accelerators.backend.TopK;
import io.symoe.accelerators.kernel.Parallel;
import io.symoe.accelerators.kernel.RoPE;
import io.symoe.accelerators.tensor.FloatTensor;
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
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The TornadoVM backend: the {@link ComputeBackend} ops as TornadoVM task graphs over {@link TornadoKernels}, on
 * TornadoVM's default device. Everything but the kernels is shared with the rest of the engine: the Transformer
 * owns the graph, the {@link CpuBackend} this wraps computes what has no kernel (Q6_K / F16 / BF16 weights).
 *
 * <p>The forward pass: {@link #residual} records the Transformer's block calls, and {@link #logits} runs them as
 * one {@link ForwardPlan} per model, a task graph over all layers whose weights, intermediates and KV cache stay on
 * the device across layers and tokens (see there). A pass whose blocks have no kernels, or whose sequences have
 * no device cache, runs the same calls on the host path ({@link #hostForwardPasses()}).
 *
 * <p>The host path and the single ops: a task graph binds its arrays when it is built, so each (op, weights,
 * capacity) gets one {@link TornadoExecutionPlan}, built on first use and kept; a call copies its activations into
 * the plan's input arrays (moved with {@link DataTransferMode#EVERY_EXECUTION}), executes, and reads the outputs
 * back. Weights, the RoPE tables and the on-device intermediates are moved with
 * {@link DataTransferMode#FIRST_EXECUTION}: once per plan. The capacity is the token count rounded up to a power
 * of two; the live count goes in {@code meta}, because scalar task arguments are fixed when the graph is built.
 * {@link #moe} and {@link #ffnBlock} are one task graph each.
 *
 * <p>Verified through TornadoVM 5.2.1 on PoCL's CPU device (llama.cpp conformance, see README).
 */
public final class TornadoBackend implements ComputeBackend {
    private final CpuBackend host;
    private final boolean fpgaFriendly;
    private final Map<FloatTensor, DeviceWeight> weights = new IdentityHashMap<>();
    private final Map<Object, Plan> plans = new HashMap<>();
    private int graphs;
    private long deviceMoeCalls;
    /** Whole-stack plans (one per model; the last two kept: a test or a pool may load models one after another). */
    private final List<ForwardPlan> forwardPlans = new ArrayList<>();
    private long deviceForwardPasses;
    private long hostForwardPasses;

    static {
        // TornadoVM compiles a task graph into its own bytecode in a buffer of tornado.tvm.maxbytecodesize bytes
        // (default 4096, read once when its bytecode builder loads): the whole-stack graph of ForwardPlan (about
        // 15 tasks and 20 arrays per layer) overflows it at 4 layers ("Buffer Overflow exception"). Set here,
        // before any graph is compiled in this JVM, unless the user chose a size; the test JVM also sets it.
        if (System.getProperty("tornado.tvm.maxbytecodesize") == null) {
            System.setProperty("tornado.tvm.maxbytecodesize", "1048576");
        }
    }

    public TornadoBackend(Parallel pool) {
        this(pool, false);
    }

    /**
     * The constructor {@code BackendSpec.Tornado} calls reflectively; {@code pool} runs the host fallbacks;
     * {@code fpgaFriendly} routes with the single-pass softmax kernel ({@link TornadoKernels#routeTopKSinglePass}).
     */
    public TornadoBackend(Parallel pool, boolean fpgaFriendly) {
        this.host = new CpuBackend(pool);
        this.fpgaFriendly = fpgaFriendly;
    }

    @Override
    public String name() {
        return fpgaFriendly ? "tornado:fpga-friendly" : "tornado";
    }

    /** Adds the router task: softmax + top-k, single-pass softmax in the FPGA-friendly variant. */
    private TaskGraph routeTask(TaskGraph g, FloatArray logits, IntArray chosen, FloatArray w, IntArray meta, int cap,
                                int experts, int k, boolean normalize) {
        return fpgaFriendly
                ? g.task("route", TornadoKernels::routeTopKSinglePass, logits, chosen, w, meta, cap, experts, k,
                        normalize ? 1 : 0)
                : g.task("route", TornadoKernels::routeTopK, logits, chosen, w, meta, cap, experts, k,
                        normalize ? 1 : 0);
    }

    /** How many MoE blocks ran as one device task graph. */
    public synchronized long deviceMoeCalls() {
        return deviceMoeCalls;
    }

    @Override
    public synchronized void preload(Matrix w) {
        if (DeviceWeight.supports(w)) {
            weight(w);
        }
    }

    private DeviceWeight weight(Matrix w) {
        return weights.computeIfAbsent(w.tensor(), DeviceWeight::of);
    }

    /** A built plan and the arrays its graph is bound to (inputs first, then outputs). */
    private record Plan(TornadoExecutionPlan plan, FloatArray[] in, FloatArray[] out, IntArray[] ints) {
        void run() {
            plan.execute();
        }
    }

    private record MatmulKey(FloatTensor t, long offset, int rows, int cols, int cap) {
    }

    private record NormKey(float[] weight, int dim, int cap) {
    }

    private record RopeKey(RoPE rope, int heads, int headSize, int cap) {
    }

    private record AttentionKey(AttentionShape s, int cap, int slots, int slotLength) {
    }

    private record SwigluKey(int width, int cap) {
    }

    private record RouteKey(int experts, int k, boolean normalize, int cap) {
    }

    private record CombineKey(int dim, int outRows, int cap) {
    }

    private record FfnKey(Matrix gate, Matrix up, Matrix down, int cap) {
    }

    private record MoeKey(ExpertWeights m, int k, boolean normalize, int cap) {
    }

    private String graphName() {
        return "symoe" + (graphs++);
    }

    static int capacity(int n) {
        return Integer.highestOneBit(Math.max(1, n - 1)) << (n > 1 ? 1 : 0);
    }

    /** Adds a slot matmul task (see {@link TornadoKernels}) for {@code w}'s type. */
    static TaskGraph matmulTask(TaskGraph g, String id, DeviceWeight w, FloatArray x, FloatArray out,
                                        IntArray meta, IntArray experts, int slotCap, int rows, int cols, int k,
                                        int xDiv, int routed, int baseRow) {
        return switch (w.type()) {
            case F32 -> g.task(id, TornadoKernels::matmulF32, w.f32(), x, out, meta, experts, slotCap, rows, cols, k,
                    xDiv, routed, baseRow);
            case Q8_0 -> g.task(id, TornadoKernels::matmulQ8, w.scales(), w.quants(), x, out, meta, experts, slotCap,
                    rows, cols, k, xDiv, routed, baseRow);
            case Q4_0 -> g.task(id, TornadoKernels::matmulQ4, w.scales(), w.quants(), x, out, meta, experts, slotCap,
                    rows, cols, k, xDiv, routed, baseRow);
            default -> throw new IllegalStateException("no kernel for " + w.type());
        };
    }

    /** The weights' device arrays followed by {@code more}: one transferToDevice argument list. */
    private static Object[] onDevice(List<DeviceWeight> ws, Object... more) {
        List<Object> all = new ArrayList<>();
        for (DeviceWeight w : ws) {
            all.addAll(List.of(w.arrays()));
        }
        all.addAll(List.of(more));
        return all.toArray();
    }

    private static void upload(float[][] rows, int n, int width, FloatArray dst) {
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < width; i++) {
                dst.set(t * width + i, rows[t][i]);
            }
        }
    }

    private static void download(FloatArray src, int n, int width, float[][] rows) {
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < width; i++) {
                rows[t][i] = src.get(t * width + i);
            }
        }
    }

    // ---- single ops

    @Override
    public synchronized void matmul(Matrix[] ws, float[][] x, float[][][] outs, int n) {
        for (int m = 0; m < ws.length; m++) {
            Matrix w = ws[m];
            if (!DeviceWeight.supports(w)) {
                host.matmul(new Matrix[]{w}, x, new float[][][]{outs[m]}, n);
                continue;
            }
            int cap = capacity(n);
            Plan p = plans.computeIfAbsent(new MatmulKey(w.tensor(), w.offset(), w.rows(), w.cols(), cap), key -> {
                DeviceWeight dw = weight(w);
                FloatArray in = new FloatArray(cap * w.cols());
                FloatArray out = new FloatArray(cap * w.rows());
                IntArray meta = new IntArray(1);
                IntArray unrouted = new IntArray(1);
                TaskGraph g = new TaskGraph(graphName())
                        .transferToDevice(DataTransferMode.FIRST_EXECUTION, onDevice(List.of(dw), unrouted))
                        .transferToDevice(DataTransferMode.EVERY_EXECUTION, in, meta);
                g = matmulTask(g, "matmul", dw, in, out, meta, unrouted, cap, w.rows(), w.cols(), 1, 1, 0,
                        (int) (w.offset() / w.cols()));
                g.transferToHost(DataTransferMode.EVERY_EXECUTION, out);
                return new Plan(new TornadoExecutionPlan(g.snapshot()), new FloatArray[]{in}, new FloatArray[]{out},
                        new IntArray[]{meta});
            });
            upload(x, n, w.cols(), p.in()[0]);
            p.ints()[0].set(0, n);
            p.run();
            download(p.out()[0], n, w.rows(), outs[m]);
        }
    }

    @Override
    public synchronized void rmsNorm(float[][] out, float[][] x, float[] weight, int dim, float eps, int n) {
        int cap = capacity(n);
        Plan p = plans.computeIfAbsent(new NormKey(weight, dim, cap), key -> {
            FloatArray w = FloatArray.fromArray(weight);
            FloatArray in = new FloatArray(cap * dim);
            FloatArray o = new FloatArray(cap * dim);
            IntArray meta = new IntArray(1);
            String name = graphName();
            KernelContext ctx = new KernelContext();
            TaskGraph g = new TaskGraph(name)
                    .transferToDevice(DataTransferMode.FIRST_EXECUTION, w)
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, in, meta)
                    .task("norm", TornadoKernels::rmsNorm, ctx, in, w, o, meta, dim, eps)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, o);
            // one work-group of NORM_LOCAL work-items per token slot
            WorkerGrid1D grid = new WorkerGrid1D(cap * TornadoKernels.NORM_LOCAL);
            grid.setLocalWork(TornadoKernels.NORM_LOCAL, 1, 1);
            GridScheduler scheduler = new GridScheduler(name + ".norm", grid);
            // keep the plan withGridScheduler returns (newer TornadoVM versions return a decorating plan)
            TornadoExecutionPlan plan = new TornadoExecutionPlan(g.snapshot()).withGridScheduler(scheduler);
            return new Plan(plan, new FloatArray[]{in}, new FloatArray[]{o}, new IntArray[]{meta});
        });
        upload(x, n, dim, p.in()[0]);
        p.ints()[0].set(0, n);
        p.run();
        download(p.out()[0], n, dim, out);
    }

    @Override
    public synchronized void rope(RoPE rope, float[][] x, int heads, int headSize, int[] positions, int n) {
        int cap = capacity(n), width = heads * headSize, half = rope.dims() / 2;
        Plan p = plans.computeIfAbsent(new RopeKey(rope, heads, headSize, cap), key -> {
            FloatArray cos = FloatArray.fromArray(rope.cosTable());
            FloatArray sin = FloatArray.fromArray(rope.sinTable());
            FloatArray v = new FloatArray(cap * width);
            IntArray pos = new IntArray(cap);
            IntArray meta = new IntArray(1);
            TaskGraph g = new TaskGraph(graphName())
                    .transferToDevice(DataTransferMode.FIRST_EXECUTION, cos, sin)
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, v, pos, meta)
                    .task("rope", TornadoKernels::rope, v, cos, sin, pos, meta, cap, heads, headSize, half,
                            rope.ordering() == RoPE.Ordering.NEOX ? 1 : 0)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, v);
            return new Plan(new TornadoExecutionPlan(g.snapshot()), new FloatArray[]{v}, new FloatArray[]{v},
                    new IntArray[]{meta, pos});
        });
        upload(x, n, width, p.in()[0]);
        p.ints()[0].set(0, n);
        for (int t = 0; t < n; t++) {
            p.ints()[1].set(t, positions[t]);
        }
        p.run();
        download(p.out()[0], n, width, x);
    }

    /**
     * The cache arrays of the batch's sequences (one per distinct {@code keys[t]}) are packed into slots of the
     * plan's key/value arrays, up to the highest position the batch reads: a copy per call, since the Transformer
     * owns the caches as host arrays (the OpenCL backend mirrors them on the device instead; not done here).
     */
    @Override
    public synchronized void attention(float[][] q, float[][] keys, float[][] values, int[] positions, float[][] out,
                                       AttentionShape s, int n) {
        List<float[]> seqs = new ArrayList<>();
        int[] slotOf = new int[n];
        int maxPos = 0;
        for (int t = 0; t < n; t++) {
            int slot = seqs.indexOf(keys[t]); // identity: arrays do not override equals
            if (slot < 0) {
                slot = seqs.size();
                seqs.add(keys[t]);
            }
            slotOf[t] = slot;
            maxPos = Math.max(maxPos, positions[t]);
        }
        int cap = capacity(n), slots = capacity(seqs.size()), slotLength = capacity(maxPos + 1);
        int qDim = s.qDim(), kvDim = s.kvDim();
        Plan p = plans.computeIfAbsent(new AttentionKey(s, cap, slots, slotLength), key -> {
            FloatArray qa = new FloatArray(cap * qDim);
            FloatArray ka = new FloatArray(slots * slotLength * kvDim);
            FloatArray va = new FloatArray(slots * slotLength * kvDim);
            FloatArray o = new FloatArray(cap * qDim);
            IntArray seq = new IntArray(2 * cap);
            IntArray meta = new IntArray(1);
            TaskGraph g = new TaskGraph(graphName())
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, qa, ka, va, seq, meta)
                    .task("attention", TornadoKernels::attention, qa, ka, va, seq, meta, o, cap, s.heads(),
                            s.kvHeads(), s.headSize(), slotLength)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, o);
            return new Plan(new TornadoExecutionPlan(g.snapshot()), new FloatArray[]{qa, ka, va},
                    new FloatArray[]{o}, new IntArray[]{meta, seq});
        });
        FloatArray qa = p.in()[0], ka = p.in()[1], va = p.in()[2];
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < qDim; i++) { // ggml converts q to F16 for the product with the F16 cache
                qa.set(t * qDim + i, Float.float16ToFloat(Float.floatToFloat16(q[t][i])));
            }
            p.ints()[1].set(2 * t, slotOf[t]);
            p.ints()[1].set(2 * t + 1, positions[t]);
        }
        for (int slot = 0; slot < seqs.size(); slot++) {
            float[] k = seqs.get(slot);
            float[] v = null;
            int upTo = 0;
            for (int t = 0; t < n; t++) {
                if (slotOf[t] == slot) {
                    v = values[t];
                    upTo = Math.max(upTo, positions[t] + 1);
                }
            }
            int base = slot * slotLength * kvDim;
            for (int i = 0; i < upTo * kvDim; i++) {
                ka.set(base + i, k[i]);
                va.set(base + i, v[i]);
            }
        }
        p.ints()[0].set(0, n);
        p.run();
        download(p.out()[0], n, qDim, out);
    }

    @Override
    public synchronized void swiglu(float[][] gate, float[][] up, int width, int n) {
        int cap = capacity(n);
        Plan p = plans.computeIfAbsent(new SwigluKey(width, cap), key -> {
            FloatArray g = new FloatArray(cap * width);
            FloatArray u = new FloatArray(cap * width);
            IntArray meta = new IntArray(1);
            TaskGraph graph = new TaskGraph(graphName())
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, g, u, meta)
                    .task("swiglu", TornadoKernels::swiglu, g, u, meta, cap, width, 1)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, g);
            return new Plan(new TornadoExecutionPlan(graph.snapshot()), new FloatArray[]{g, u}, new FloatArray[]{g},
                    new IntArray[]{meta});
        });
        upload(gate, n, width, p.in()[0]);
        upload(up, n, width, p.in()[1]);
        p.ints()[0].set(0, n);
        p.run();
        download(p.out()[0], n, width, gate);
    }

    @Override
    public synchronized TopK routeTopK(float[][] logits, int k, boolean normalize, int n) {
        int experts = logits[0].length, cap = capacity(n);
        Plan p = plans.computeIfAbsent(new RouteKey(experts, k, normalize, cap), key -> {
            FloatArray l = new FloatArray(cap * experts);
            IntArray chosen = new IntArray(cap * k);
            FloatArray w = new FloatArray(cap * k);
            IntArray meta = new IntArray(1);
            TaskGraph g = new TaskGraph(graphName())
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, l, meta)
                    .transferToDevice(DataTransferMode.FIRST_EXECUTION, chosen, w);
            g = routeTask(g, l, chosen, w, meta, cap, experts, k, normalize)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, l, chosen, w);
            return new Plan(new TornadoExecutionPlan(g.snapshot()), new FloatArray[]{l}, new FloatArray[]{l, w},
                    new IntArray[]{meta, chosen});
        });
        upload(logits, n, experts, p.in()[0]);
        p.ints()[0].set(0, n);
        p.run();
        download(p.out()[0], n, experts, logits);
        int[][] chosen = new int[n][k];
        float[][] w = new float[n][k];
        for (int t = 0; t < n; t++) {
            for (int j = 0; j < k; j++) {
                chosen[t][j] = p.ints()[1].get(t * k + j);
                w[t][j] = p.out()[1].get(t * k + j);
            }
        }
        return new TopK(chosen, w);
    }

    @Override
    public synchronized void combine(float[][] out, int[] rows, float[][] y, float[] weights, int dim) {
        int cap = capacity(rows.length), outRows = capacity(out.length);
        Plan p = plans.computeIfAbsent(new CombineKey(dim, outRows, cap), key -> {
            FloatArray o = new FloatArray(outRows * dim);
            IntArray r = new IntArray(cap);
            FloatArray ya = new FloatArray(cap * dim);
            FloatArray w = new FloatArray(cap);
            IntArray meta = new IntArray(1);
            TaskGraph g = new TaskGraph(graphName())
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, o, r, ya, w, meta)
                    .task("combine", TornadoKernels::combineRows, o, r, ya, w, meta, dim)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, o);
            return new Plan(new TornadoExecutionPlan(g.snapshot()), new FloatArray[]{o, ya, w}, new FloatArray[]{o},
                    new IntArray[]{meta, r});
        });
        upload(out, out.length, dim, p.in()[0]);
        upload(y, rows.length, dim, p.in()[1]);
        for (int j = 0; j < rows.length; j++) {
            p.ints()[1].set(j, rows[j]);
            p.in()[2].set(j, weights[j]);
        }
        p.ints()[0].set(0, rows.length);
        p.run();
        download(p.out()[0], out.length, dim, out);
    }

    // ---- blocks: one task graph each, intermediates on the device

    @Override
    public synchronized void ffnBlock(Matrix gate, Matrix up, Matrix down, float[][] x, float[][] out, int n) {
        if (!DeviceWeight.supports(gate) || !DeviceWeight.supports(up) || !DeviceWeight.supports(down)) {
            ComputeBackend.super.ffnBlock(gate, up, down, x, out, n);
            return;
        }
        int cap = capacity(n), dim = gate.cols(), hidden = gate.rows();
        Plan p = plans.computeIfAbsent(new FfnKey(gate, up, down, cap), key -> {
            DeviceWeight wg = weight(gate), wu = weight(up), wd = weight(down);
            FloatArray in = new FloatArray(cap * dim);
            FloatArray g = new FloatArray(cap * hidden);
            FloatArray u = new FloatArray(cap * hidden);
            FloatArray o = new FloatArray(cap * down.rows());
            IntArray meta = new IntArray(1);
            IntArray unrouted = new IntArray(1);
            TaskGraph graph = new TaskGraph(graphName())
                    .transferToDevice(DataTransferMode.FIRST_EXECUTION, onDevice(List.of(wg, wu, wd), g, u, unrouted))
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, in, meta);
            graph = matmulTask(graph, "gate", wg, in, g, meta, unrouted, cap, hidden, dim, 1, 1, 0,
                    (int) (gate.offset() / dim));
            graph = matmulTask(graph, "up", wu, in, u, meta, unrouted, cap, hidden, dim, 1, 1, 0,
                    (int) (up.offset() / dim));
            graph = graph.task("swiglu", TornadoKernels::swiglu, g, u, meta, cap, hidden, 1);
            graph = matmulTask(graph, "down", wd, g, o, meta, unrouted, cap, down.rows(), hidden, 1, 1, 0,
                    (int) (down.offset() / hidden));
            graph.transferToHost(DataTransferMode.EVERY_EXECUTION, o);
            return new Plan(new TornadoExecutionPlan(graph.snapshot()), new FloatArray[]{in}, new FloatArray[]{o},
                    new IntArray[]{meta});
        });
        upload(x, n, dim, p.in()[0]);
        p.ints()[0].set(0, n);
        p.run();
        download(p.out()[0], n, down.rows(), out);
    }

    /**
     * build_moe_ffn as one task graph: the chosen experts never come back to the host; gate/up/down read each
     * slot's expert from the device list (ggml's mul_mat_id), one work-item per (slot, row).
     */
    @Override
    public synchronized void moe(ExpertWeights m, float[][] x, float[][] out, int k, boolean normalize, int n) {
        if (!DeviceWeight.supports(m.router()) || !DeviceWeight.supports(m.gateExps())
                || !DeviceWeight.supports(m.upExps()) || !DeviceWeight.supports(m.downExps())) {
            ComputeBackend.super.moe(m, x, out, k, normalize, n);
            return;
        }
        int cap = capacity(n), experts = m.experts(), dim = m.router().cols();
        int hidden = m.gateExps().rows() / experts;
        Plan p = plans.computeIfAbsent(new MoeKey(m, k, normalize, cap), key -> {
            DeviceWeight wr = weight(m.router()), wg = weight(m.gateExps()), wu = weight(m.upExps()),
                    wd = weight(m.downExps());
            FloatArray in = new FloatArray(cap * dim);
            FloatArray logits = new FloatArray(cap * experts);
            IntArray chosen = new IntArray(cap * k);
            FloatArray w = new FloatArray(cap * k);
            FloatArray g = new FloatArray(cap * k * hidden);
            FloatArray u = new FloatArray(cap * k * hidden);
            FloatArray y = new FloatArray(cap * k * dim);
            FloatArray o = new FloatArray(cap * dim);
            IntArray meta = new IntArray(1);
            TaskGraph graph = new TaskGraph(graphName())
                    .transferToDevice(DataTransferMode.FIRST_EXECUTION, onDevice(List.of(wr, wg, wu, wd), logits,
                            chosen, w, g, u, y))
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, in, meta);
            graph = matmulTask(graph, "router", wr, in, logits, meta, chosen, cap, experts, dim, 1, 1, 0,
                    (int) (m.router().offset() / dim));
            graph = routeTask(graph, logits, chosen, w, meta, cap, experts, k, normalize);
            graph = matmulTask(graph, "gate", wg, in, g, meta, chosen, cap * k, hidden, dim, k, k, 1,
                    (int) (m.gateExps().offset() / dim));
            graph = matmulTask(graph, "up", wu, in, u, meta, chosen, cap * k, hidden, dim, k, k, 1,
                    (int) (m.upExps().offset() / dim));
            graph = graph.task("swiglu", TornadoKernels::swiglu, g, u, meta, cap, hidden, k);
            graph = matmulTask(graph, "down", wd, g, y, meta, chosen, cap * k, dim, hidden, k, 1, 1,
                    (int) (m.downExps().offset() / hidden));
            graph = graph.task("combine", TornadoKernels::combineSlots, y, w, o, meta, cap, dim, k);
            graph.transferToHost(DataTransferMode.EVERY_EXECUTION, o);
            return new Plan(new TornadoExecutionPlan(graph.snapshot()), new FloatArray[]{in}, new FloatArray[]{o},
                    new IntArray[]{meta});
        });
        upload(x, n, dim, p.in()[0]);
        p.ints()[0].set(0, n);
        p.run();
        download(p.out()[0], n, dim, out);
        deviceMoeCalls++;
    }

    // ---- the residual stream: the Transformer's block calls of one forward pass are recorded and, when the
    // logits are asked for, run as one device-resident task graph over all layers (ForwardPlan); a pass whose
    // blocks have no kernels, or whose sequences have no device cache, runs the same calls on the host path.

    /** How many forward passes ran through a device-resident {@link ForwardPlan}. */
    public synchronized long deviceForwardPasses() {
        return deviceForwardPasses;
    }

    /** How many forward passes took the host path (the per-op plans, x and the KV cache on the host). */
    public synchronized long hostForwardPasses() {
        return hostForwardPasses;
    }

    /** A forward pass being recorded: the embedded rows (host), the block calls so far. */
    private final class Recorded implements Residual {
        final float[][] x;
        final int n, dim;
        final List<ForwardPlan.Call> calls = new ArrayList<>();
        boolean ran;

        Recorded(float[][] x, int n, int dim) {
            this.x = x;
            this.n = n;
            this.dim = dim;
        }

        @Override
        public int tokens() {
            return n;
        }

        @Override
        public int dim() {
            return dim;
        }

        @Override
        public void close() {
            synchronized (TornadoBackend.this) {
                runRecorded(this); // a pass closed without logits still writes its KV rows
            }
        }
    }

    @Override
    public synchronized Residual residual(float[][] x, int n, int dim) {
        return new Recorded(x, n, dim);
    }

    @Override
    public synchronized void attentionResidual(Residual r, float[] norm, float eps, AttentionWeights a, RoPE rope,
                                               float[][] keys, float[][] values, int[] positions, AttentionShape s) {
        if (r instanceof Recorded rec) {
            rec.calls.add(new ForwardPlan.Attn(norm, eps, a, rope, keys, values, positions, s));
        } else {
            ComputeBackend.super.attentionResidual(r, norm, eps, a, rope, keys, values, positions, s);
        }
    }

    @Override
    public synchronized void ffnResidual(Residual r, float[] norm, float eps, Matrix gate, Matrix up, Matrix down) {
        if (r instanceof Recorded rec) {
            rec.calls.add(new ForwardPlan.Ffn(norm, eps, gate, up, down));
        } else {
            ComputeBackend.super.ffnResidual(r, norm, eps, gate, up, down);
        }
    }

    @Override
    public synchronized void moeResidual(Residual r, float[] norm, float eps, ExpertWeights m, int k, boolean normalize,
                                         Matrix[] shared) {
        if (r instanceof Recorded rec) {
            rec.calls.add(new ForwardPlan.Moe(norm, eps, m, k, normalize, shared));
        } else {
            ComputeBackend.super.moeResidual(r, norm, eps, m, k, normalize, shared);
        }
    }

    /** Runs the recorded layers, then the logits of the wanted rows from x on the host (norm and output matmul plans). */
    @Override
    public synchronized float[][] logits(Residual r, int[] rows, float[] norm, float eps, Matrix output) {
        if (!(r instanceof Recorded rec)) {
            return ComputeBackend.super.logits(r, rows, norm, eps, output);
        }
        runRecorded(rec);
        return ComputeBackend.super.logits(new Residual.Host(rec.x, rec.n, rec.dim), rows, norm, eps, output);
    }

    private void runRecorded(Recorded rec) {
        if (rec.ran || rec.calls.isEmpty()) {
            return;
        }
        rec.ran = true;
        List<ForwardPlan.Call> calls = rec.calls;
        List<ForwardPlan.Attn> attns = new ArrayList<>();
        for (ForwardPlan.Call c : calls) {
            if (c instanceof ForwardPlan.Attn a) {
                attns.add(a);
            }
        }
        ForwardPlan.Attn first = attns.isEmpty() ? null : attns.getFirst();
        int[] slotOf = null;
        ForwardPlan plan = null;
        if (ForwardPlan.supports(calls)) {
            plan = forwardPlan(rec, calls, first);
            if (plan != null) {
                slotOf = plan.assign(first.keys(), first.positions());
                if (slotOf == null) {
                    plan.forget(first.keys());
                }
            }
        }
        if (slotOf == null) {
            hostForwardPasses++;
            Residual.Host h = new Residual.Host(rec.x, rec.n, rec.dim);
            for (ForwardPlan.Call c : calls) {
                switch (c) {
                    case ForwardPlan.Attn a -> ComputeBackend.super.attentionResidual(h, a.norm(), a.eps(), a.a(),
                            a.rope(), a.keys(), a.values(), a.positions(), a.s());
                    case ForwardPlan.Ffn f -> ComputeBackend.super.ffnResidual(h, f.norm(), f.eps(), f.gate(), f.up(),
                            f.down());
                    case ForwardPlan.Moe m -> ComputeBackend.super.moeResidual(h, m.norm(), m.eps(), m.m(), m.k(),
                            m.normalize(), m.shared());
                }
            }
            return;
        }
        plan.run(rec.x, slotOf, attns);
        deviceForwardPasses++;
        deviceMoeCalls += (long) plan.moeLayers() * ((rec.n + ForwardPlan.CAP - 1) / ForwardPlan.CAP);
    }

    /**
     * The plan of this model (its calls' weights), built on first use; null when the pass cannot use one (its
     * cache arrays are longer than the plan's slots).
     */
    private ForwardPlan forwardPlan(Recorded rec, List<ForwardPlan.Call> calls, ForwardPlan.Attn first) {
        int kvDim = first.s().kvDim(), slotLength = 0;
        for (float[] k : first.keys()) {
            slotLength = Math.max(slotLength, k.length / kvDim);
        }
        for (ForwardPlan p : forwardPlans) {
            if (p.matches(calls)) {
                return slotLength <= p.slotLength() ? p : null;
            }
        }
        ForwardPlan p = new ForwardPlan(graphName(), calls, rec.dim, slotLength, fpgaFriendly, this::weight);
        forwardPlans.add(p);
        if (forwardPlans.size() > 2) {
            forwardPlans.removeFirst().close();
        }
        return p;
    }

    /** Releases every plan's device memory. */
    @Override
    public synchronized void close() {
        for (Plan p : plans.values()) {
            try {
                p.plan().close();
            } catch (Exception e) {
                // closing the rest matters more than one plan's release error
            }
        }
        plans.clear();
        forwardPlans.forEach(ForwardPlan::close);
        forwardPlans.clear();
        weights.clear();
    }
}
