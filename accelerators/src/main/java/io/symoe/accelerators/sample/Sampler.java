package io.symoe.accelerators.sample;

import java.util.Random;

/** Picks the next token from logits. */
public sealed interface Sampler permits Sampler.Greedy, Sampler.TopP {
    int sample(float[] logits);

    /** temperature 0 → greedy; otherwise temperature + nucleus sampling with a seeded generator. */
    static Sampler of(double temperature, double topP, long seed) {
        return temperature <= 0 ? new Greedy() : new TopP((float) temperature, (float) topP, new Random(seed));
    }

    /** Argmax (lowest id on ties). */
    record Greedy() implements Sampler {
        @Override
        public int sample(float[] logits) {
            int best = 0;
            for (int i = 1; i < logits.length; i++) {
                if (logits[i] > logits[best]) {
                    best = i;
                }
            }
            return best;
        }
    }

    /** Softmax(logits / T), keep the smallest set of most likely tokens whose mass reaches topP, sample from it. */
    record TopP(float temperature, float topP, Random random) implements Sampler {
        public TopP {
            if (!(temperature > 0) || !(topP > 0 && topP <= 1)) {
                throw new IllegalArgumentException("temperature must be > 0 and topP in (0, 1]");
            }
        }

        @Override
        public int sample(float[] logits) {
            int n = logits.length;
            float max = Float.NEGATIVE_INFINITY;
            for (float l : logits) {
                max = Math.max(max, l);
            }
            double[] p = new double[n];
            double sum = 0;
            for (int i = 0; i < n; i++) {
                p[i] = Math.exp((logits[i] - max) / temperature);
                sum += p[i];
            }
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
                p[i] /= sum;
            }
            java.util.Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
            double cum = 0;
            int keep = 0;
            while (keep < n) {
                cum += p[order[keep++]];
                if (cum >= topP) {
                    break;
                }
            }
            double r = random.nextDouble() * cum;
            double acc = 0;
            for (int i = 0; i < keep; i++) {
                acc += p[order[i]];
                if (r < acc) {
                    return order[i];
                }
            }
            return order[keep - 1];
        }
    }
}
