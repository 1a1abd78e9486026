package io.symoe.accelerators.model;

import io.symoe.accelerators.backend.AttentionShape;
import io.symoe.accelerators.backend.ComputeBackend;
import io.symoe.accelerators.backend.CpuBackend;
import io.symoe.accelerators.backend.ExpertWeights;
import io.symoe.accelerators.backend.TopK;
import io.symoe.accelerators.gguf.GGMLType;
import io.symoe.accelerators.gguf.GGUF;
import io.symoe.accelerators.kernel.Parallel;
import io.symoe.accelerators.kernel.RoPE;
import io.symoe.accelerators.model.SyntheticModel.Preset;
import io.symoe.accelerators.tensor.FloatTensor;
import io.symoe.accelerators.tensor.Matrix;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Only the top-k experts' weights are read per token, and prefill reads each chosen expert once per batch (issue
 * 15), on the {@code moe-tiny} preset written by {@link SyntheticModel}.
 *
 * <p>The count goes through the {@link ComputeBackend} seam: {@link CountingBackend} hands every op to a real
 * {@link CpuBackend} and records each matmul's weight matrix (which layer, which expert slice, how many token
 * rows) and the top-k the CPU backend chose. Routing is not re-implemented here: the expected experts are the
 * ones the engine's own {@code routeTopK} returned, and which token rows reached which expert is read from the
 * identity of the row arrays the engine passed to the expert matmuls.
 */
class ExpertReadsTest {
    private static final int PROMPT = 24;
    private static final int DECODE = 6;
    private static Parallel pool;

    @BeforeAll
    static void start() {
        pool = new Parallel(2);
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    /** The counting is only meaningful while the CPU backend's MoE block is the interface's composition of ops. */
    @Test
    void cpuBackendComposesTheMoeBlockFromTheCountedOps() throws NoSuchMethodException {
        var moe = CpuBackend.class.getMethod("moe", ExpertWeights.class, float[][].class, float[][].class, int.class,
                boolean.class, int.class);
        assertEquals(ComputeBackend.class, moe.getDeclaringClass(),
                "CpuBackend now overrides moe(): count the expert reads inside its own implementation instead");
    }

    @ParameterizedTest
    @EnumSource(value = GGMLType.class, names = {"Q8_0", "Q4_0", "F32"})
    void prefillAndDecodeReadOnlyTheChosenExpertsOncePerBatch(GGMLType type) {
        byte[] file = SyntheticModel.bytes(Preset.MOE_TINY.spec(type, 1));
        try (Arena arena = Arena.ofShared()) {
            MemorySegment seg = arena.allocate(file.length, 64);
            seg.copyFrom(MemorySegment.ofArray(file));
            GGUF g = GGUF.parse(seg);
            Configuration c = ModelLoader.configuration(g);
            Weights w = ModelLoader.load(g, c);
            int k = c.expertsUsed();
            assertEquals(2, k);
            assertEquals(8, c.expertCount());
            CountingBackend counting = new CountingBackend(new CpuBackend(pool), w);
            Transformer tf = new Transformer(c, w, counting, 64);
            Transformer plain = new Transformer(c, w, pool, 64);

            int[] prompt = new int[PROMPT];
            for (int i = 0; i < PROMPT; i++) {
                prompt[i] = 1 + (i * 397) % (c.vocabSize() - 1);
            }
            KVCache cache = new KVCache(c, 64);
            float[][] prefill = tf.forward(cache, prompt, 0, true);
            // the wrapper only observes: the numbers are the plain CPU backend's (up to the last float bit, which
            // the Vector API's lane reductions change between interpreted and JIT-compiled code)
            float[][] expected = plain.forward(new KVCache(c, 64), prompt, 0, true);
            for (int t = 0; t < PROMPT; t++) {
                assertArrayEquals(expected[t], prefill[t], 1e-4f, "logits of token " + t);
            }
            List<MoeCall> prefillCalls = counting.takeCalls();
            checkForward(prefillCalls, c, PROMPT, k, "prefill");
            // a 24-token batch over 8 experts: grouping is visible only if some expert serves several tokens
            assertTrue(prefillCalls.stream().anyMatch(m -> m.gateRows.values().stream().anyMatch(r -> r.size() > 1)),
                    "some expert received several prompt tokens in one read");

            int token = argmax(prefill[PROMPT - 1]);
            for (int step = 0; step < DECODE; step++) {
                float[] logits = tf.forward(cache, new int[]{token}, PROMPT + step, false)[0];
                List<MoeCall> calls = counting.takeCalls();
                checkForward(calls, c, 1, k, "decode step " + step);
                for (MoeCall m : calls) {
                    assertEquals(k, m.gateRows.size(), "decode reads exactly k experts per layer");
                }
                token = argmax(logits);
            }
        }
    }

    /** One forward pass of {@code n} tokens: one MoE block per layer in order, each reading only the top-k. */
    private static void checkForward(List<MoeCall> calls, Configuration c, int n, int k, String what) {
        assertEquals(c.layers(), calls.size(), what + ": one MoE block per layer");
        for (int l = 0; l < calls.size(); l++) {
            MoeCall m = calls.get(l);
            String where = what + ", layer " + l;
            assertEquals(l, m.layer, where + ": layers in order");
            assertTrue(m.topK != null && m.topK.experts().length == n, where + ": routed every token once");
            assertTrue(m.unexpected.isEmpty(), where + ": " + m.unexpected);
            Map<Integer, Set<Integer>> chosenByExpert = new TreeMap<>();
            for (int t = 0; t < n; t++) {
                int[] chosen = m.topK.experts()[t];
                assertEquals(k, chosen.length, where + ": top-k of token " + t);
                Set<Integer> experts = new TreeSet<>();
                for (int e : chosen) {
                    experts.add(e);
                    chosenByExpert.computeIfAbsent(e, x -> new TreeSet<>()).add(t);
                }
                assertEquals(k, experts.size(), where + ": token " + t + " chose " + k + " distinct experts");
                // the experts whose gate/up read included token t's row are exactly the ones it was routed to
                Set<Integer> read = new TreeSet<>();
                for (var rows : m.gateRows.entrySet()) {
                    if (rows.getValue().contains(t)) {
                        read.add(rows.getKey());
                    }
                }
                assertEquals(experts, read, where + ": experts that read token " + t);
            }
            // each chosen expert's gate, up and down matrices read once per batch, with all its tokens
            assertEquals(chosenByExpert.keySet(), m.gateRows.keySet(), where + ": experts read");
            for (var e : chosenByExpert.entrySet()) {
                int expert = e.getKey();
                assertEquals(e.getValue(), new TreeSet<>(m.gateRows.get(expert)), where + ": tokens of expert " + expert);
                assertEquals(e.getValue().size(), m.gateRows.get(expert).size(), where + ": expert " + expert + " got each token once");
                for (String kind : List.of("gate", "up", "down")) {
                    List<Integer> reads = m.reads.get(kind).get(expert);
                    assertEquals(List.of(e.getValue().size()), reads,
                            where + ": " + kind + " of expert " + expert + " read once for its tokens");
                }
            }
        }
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /** What one layer's MoE block read. */
    private static final class MoeCall {
        final int layer;
        final float[][] routerInput;
        TopK topK;
        /** expert → the token indices (into the router's input) of its gate/up matmul rows, in order. */
        final Map<Integer, List<Integer>> gateRows = new TreeMap<>();
        /** kind (gate/up/down) → expert → batch size of every read of that expert's matrix. */
        final Map<String, Map<Integer, List<Integer>>> reads = Map.of("gate", new TreeMap<>(), "up", new TreeMap<>(),
                "down", new TreeMap<>());
        final List<String> unexpected = new ArrayList<>();

        MoeCall(int layer, float[][] routerInput) {
            this.layer = layer;
            this.routerInput = routerInput;
        }
    }

    /** Where an expert tensor sits: its layer, which of gate/up/down, and the stacked view it slices. */
    private record ExpertTensor(int layer, String kind, Matrix stacked, int experts) {
    }

    /** Hands every op to a real backend and records the expert weights each matmul reads. */
    private static final class CountingBackend implements ComputeBackend {
        private final ComputeBackend cpu;
        private final Map<FloatTensor, Integer> routers = new IdentityHashMap<>();
        private final Map<FloatTensor, ExpertTensor> experts = new IdentityHashMap<>();
        private final List<MoeCall> calls = new ArrayList<>();

        CountingBackend(ComputeBackend cpu, Weights w) {
            this.cpu = cpu;
            for (int l = 0; l < w.layers().size(); l++) {
                if (w.layers().get(l).ffn() instanceof FeedForward.Moe m) {
                    routers.put(m.router().tensor(), l);
                    experts.put(m.gateExps().tensor(), new ExpertTensor(l, "gate", m.gateExps(), m.experts()));
                    experts.put(m.upExps().tensor(), new ExpertTensor(l, "up", m.upExps(), m.experts()));
                    experts.put(m.downExps().tensor(), new ExpertTensor(l, "down", m.downExps(), m.experts()));
                }
            }
            if (routers.isEmpty()) {
                throw new IllegalArgumentException("not an MoE model");
            }
        }

        List<MoeCall> takeCalls() {
            List<MoeCall> c = List.copyOf(calls);
            calls.clear();
            return c;
        }

        @Override
        public String name() {
            return "counting(" + cpu.name() + ")";
        }

        @Override
        public void matmul(Matrix[] ws, float[][] x, float[][][] outs, int n) {
            for (Matrix m : ws) {
                Integer routerLayer = routers.get(m.tensor());
                if (routerLayer != null) {
                    calls.add(new MoeCall(routerLayer, x));
                    continue;
                }
                ExpertTensor et = experts.get(m.tensor());
                if (et != null) {
                    record(et, m, x, n);
                }
            }
            cpu.matmul(ws, x, outs, n);
        }

        private void record(ExpertTensor et, Matrix m, float[][] x, int n) {
            MoeCall call = calls.isEmpty() ? null : calls.getLast();
            if (call == null || call.layer != et.layer()) {
                fail("expert weights of layer " + et.layer() + " read outside that layer's MoE block");
                return;
            }
            int sliceRows = et.stacked().rows() / et.experts();
            long sliceElems = (long) sliceRows * m.cols();
            long rel = m.offset() - et.stacked().offset();
            if (rel % sliceElems != 0 || m.rows() != sliceRows) {
                // a read spanning several experts (or part of one) is not an expert matrix read
                call.unexpected.add(et.kind() + " read of rows " + rel / m.cols() + "+" + m.rows() + " spans experts");
                return;
            }
            int expert = (int) (rel / sliceElems);
            call.reads.get(et.kind()).computeIfAbsent(expert, e -> new ArrayList<>()).add(n);
            if (et.kind().equals("gate")) {
                Map<float[], Integer> rowOf = new IdentityHashMap<>();
                for (int t = 0; t < call.routerInput.length; t++) {
                    rowOf.put(call.routerInput[t], t);
                }
                List<Integer> tokens = call.gateRows.computeIfAbsent(expert, e -> new ArrayList<>());
                for (int j = 0; j < n; j++) {
                    Integer t = rowOf.get(x[j]);
                    if (t == null) {
                        call.unexpected.add("expert " + expert + " gate read a row that is not a token's normed input");
                    } else {
                        tokens.add(t);
                    }
                }
            }
        }

        @Override
        public TopK routeTopK(float[][] logits, int k, boolean normalize, int n) {
            TopK topK = cpu.routeTopK(logits, k, normalize, n);
            if (calls.isEmpty() || calls.getLast().topK != null) {
                fail("routing without a router matmul before it");
            }
            calls.getLast().topK = topK;
            return topK;
        }

        @Override
        public void preload(Matrix w) {
            cpu.preload(w);
        }

        @Override
        public void rmsNorm(float[][] out, float[][] x, float[] weight, int dim, float eps, int n) {
            cpu.rmsNorm(out, x, weight, dim, eps, n);
        }

        @Override
        public void rope(RoPE rope, float[][] x, int heads, int headSize, int[] positions, int n) {
            cpu.rope(rope, x, heads, headSize, positions, n);
        }

        @Override
        public void attention(float[][] q, float[][] keys, float[][] values, int[] positions, float[][] out,
                              AttentionShape shape, int n) {
            cpu.attention(q, keys, values, positions, out, shape, n);
        }

        @Override
        public void swiglu(float[][] gate, float[][] up, int width, int n) {
            cpu.swiglu(gate, up, width, n);
        }

        @Override
        public void combine(float[][] out, int[] rows, float[][] y, float[] weights, int dim) {
            cpu.combine(out, rows, y, weights, dim);
        }

        @Override
        public void close() {
            cpu.close();
        }
    }
}
