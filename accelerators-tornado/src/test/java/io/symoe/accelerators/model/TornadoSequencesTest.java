package io.symoe.accelerators.model;

import io.symoe.accelerators.SharedData;
import io.symoe.accelerators.gguf.GGUF;
import io.symoe.accelerators.kernel.Parallel;
import io.symoe.accelerators.tornado.TornadoAvailability;
import io.symoe.accelerators.tornado.TornadoBackend;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several sequences through the device-resident pass (TornadoBackend's ForwardPlan keeps the KV cache of up to 4
 * sequences on the device): a batched decode step over several caches must give each sequence the logits it gets
 * alone, on the device path (≤ 4 sequences) and on the host path the backend takes for more sequences than device
 * slots (whose caches it must then read from the host mirror). Real TornadoVM on its default device.
 */
class TornadoSequencesTest {
    private static final String MODEL = "llama-moe-q8_0";

    @Test
    void batchedDecodeOverSeveralCachesMatchesEachSequenceAlone() throws IOException {
        try (Parallel pool = new Parallel(2); TornadoBackend backend = TornadoAvailability.openOrSkip(pool);
             GGUF gguf = GGUF.open(SharedData.model(MODEL))) {
            Configuration c = ModelLoader.configuration(gguf);
            Transformer tf = new Transformer(c, ModelLoader.load(gguf, c), backend, 32);
            int seqs = 6, steps = 2;
            int[][] prompts = new int[seqs][];
            for (int s = 0; s < seqs; s++) {
                prompts[s] = new int[3 + s % 3];
                for (int i = 0; i < prompts[s].length; i++) {
                    prompts[s][i] = 10 + 37 * s + 11 * i;
                }
            }
            // alone: each sequence prefilled and decoded by itself (one sequence per pass: the device path)
            float[][][] alone = new float[seqs][steps][];
            for (int s = 0; s < seqs; s++) {
                KVCache cache = new KVCache(c, 32);
                tf.forward(cache, prompts[s], 0, false);
                for (int j = 0; j < steps; j++) {
                    alone[s][j] = tf.forward(cache, new int[]{5 + s + j}, prompts[s].length + j, false)[0];
                }
            }
            assertEquals(0, backend.hostForwardPasses(), "one sequence at a time stays on the device");

            // 3 sequences batched (device slots), then 6 (more than the 4 slots: the host path)
            for (int n : new int[]{3, seqs}) {
                long hostBefore = backend.hostForwardPasses();
                KVCache[] caches = new KVCache[n];
                for (int s = 0; s < n; s++) {
                    caches[s] = new KVCache(c, 32);
                    tf.forward(caches[s], prompts[s], 0, false);
                }
                for (int j = 0; j < steps; j++) {
                    int[] tokens = new int[n], positions = new int[n];
                    for (int s = 0; s < n; s++) {
                        tokens[s] = 5 + s + j;
                        positions[s] = prompts[s].length + j;
                    }
                    float[][] got = tf.forward(caches, positions, tokens, null);
                    for (int s = 0; s < n; s++) {
                        assertClose(alone[s][j], got[s], n + " sequences, sequence " + s + ", step " + j);
                    }
                }
                if (n <= 4) {
                    assertEquals(hostBefore, backend.hostForwardPasses(), "a batch of " + n + " stays on the device");
                } else {
                    assertTrue(backend.hostForwardPasses() > hostBefore, "a batch of " + n + " takes the host path");
                }
            }
        }
    }

    /** The same kernels on the same rows: equal up to float noise (1e-5 of the logit range). */
    private static void assertClose(float[] want, float[] got, String what) {
        double maxDiff = 0, min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
        for (int i = 0; i < want.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(want[i] - got[i]));
            min = Math.min(min, want[i]);
            max = Math.max(max, want[i]);
        }
        assertTrue(maxDiff <= 1e-5 * (max - min), what + ": max |d| " + maxDiff + " of range " + (max - min));
    }
}
