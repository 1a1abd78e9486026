package io.symoe.accelerators.model;

import io.symoe.accelerators.backend.CpuBackend;
import io.symoe.accelerators.backend.OpTimes;
import io.symoe.accelerators.backend.OpTimes.Op;
import io.symoe.accelerators.backend.ProfilingBackend;
import io.symoe.accelerators.gguf.GGMLType;
import io.symoe.accelerators.gguf.GGUF;
import io.symoe.accelerators.kernel.Parallel;
import io.symoe.accelerators.model.SyntheticModel.Preset;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bench engine --profile}'s backend on the real CPU backend and a {@code moe-tiny} file: it changes no
 * number, and charges each op of a decode step to the right row (calls per layer from the model's shape).
 */
class ProfilingBackendTest {
    @Test
    void timesEveryOpOfADecodeStepWithoutChangingTheLogits() {
        byte[] file = SyntheticModel.bytes(Preset.MOE_TINY.spec(GGMLType.Q8_0, 1));
        try (Arena arena = Arena.ofShared(); Parallel pool = new Parallel(2)) {
            MemorySegment seg = arena.allocate(file.length, 64);
            seg.copyFrom(MemorySegment.ofArray(file));
            GGUF g = GGUF.parse(seg);
            Configuration c = ModelLoader.configuration(g);
            Weights w = ModelLoader.load(g, c);
            OpTimes times = new OpTimes();
            Transformer profiled = new Transformer(c, w, new ProfilingBackend(new CpuBackend(pool), times), 32);
            Transformer plain = new Transformer(c, w, pool, 32);
            int[] prompt = {5, 17, 99, 4, 250, 31, 7, 1000};
            KVCache cache = new KVCache(c, 32);
            float[][] got = profiled.forward(cache, prompt, 0, true);
            float[][] expected = plain.forward(new KVCache(c, 32), prompt, 0, true);
            for (int t = 0; t < prompt.length; t++) {
                assertArrayEquals(expected[t], got[t], 1e-4f, "logits of token " + t);
            }
            assertTrue(times.nanos(Op.EXPERTS) > 0 && times.nanos(Op.ATTENTION_MATMULS) > 0, "prefill was timed");

            times.reset();
            profiled.forward(cache, new int[]{42}, prompt.length, false);
            int layers = c.layers(), k = c.expertsUsed();
            assertEquals(2L * layers, times.calls(Op.ATTENTION_MATMULS), "q/k/v together, then o, per layer");
            assertEquals(layers, times.calls(Op.ATTENTION));
            assertEquals(2L * layers, times.calls(Op.ROPE), "q and k per layer");
            assertEquals(layers, times.calls(Op.ROUTER));
            assertEquals(layers, times.calls(Op.ROUTING));
            assertEquals(2L * k * layers, times.calls(Op.EXPERTS), "gate+up together, then down, per chosen expert");
            assertEquals(k * (long) layers, times.calls(Op.SWIGLU));
            assertEquals(k * (long) layers, times.calls(Op.COMBINE));
            assertEquals(0, times.calls(Op.FFN), "moe-tiny has no dense or shared FFN");
            assertEquals(1, times.calls(Op.HEAD));
            assertEquals(2L * layers + 1, times.calls(Op.NORM), "two norms per layer and the output norm");
            long sum = 0;
            for (Op op : Op.values()) {
                sum += times.nanos(op);
            }
            assertEquals(sum, times.totalNanos());
            assertTrue(times.nanos(Op.EXPERTS) > 0 && times.nanos(Op.HEAD) > 0, "decode was timed");
        }
    }
}
