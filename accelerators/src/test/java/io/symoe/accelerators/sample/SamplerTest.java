package io.symoe.accelerators.sample;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamplerTest {
    private final float[] logits = {0.1f, 3f, 2.9f, -5f};

    @Test
    void greedyTakesArgmax() {
        assertInstanceOf(Sampler.Greedy.class, Sampler.of(0, 1, 1));
        assertEquals(1, Sampler.of(0, 1, 1).sample(logits));
    }

    @Test
    void tinyTopPIsGreedy() {
        Sampler s = Sampler.of(1.0, 0.01, 3);
        for (int i = 0; i < 50; i++) {
            assertEquals(1, s.sample(logits));
        }
    }

    @Test
    void seededSamplingIsReproducibleAndFollowsTheDistribution() {
        int[] counts = new int[4];
        Sampler a = Sampler.of(1.0, 1.0, 42), b = Sampler.of(1.0, 1.0, 42);
        for (int i = 0; i < 2000; i++) {
            int x = a.sample(logits);
            assertEquals(x, b.sample(logits));
            counts[x]++;
        }
        assertTrue(counts[1] > 800 && counts[2] > 700, java.util.Arrays.toString(counts));
        assertTrue(counts[3] < 10);
    }

    @Test
    void topPCutsTheTail() {
        Sampler s = Sampler.of(1.0, 0.9, 7);
        for (int i = 0; i < 500; i++) {
            int x = s.sample(logits);
            assertTrue(x == 1 || x == 2, "sampled " + x);
        }
    }
}
