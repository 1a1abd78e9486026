package io.symoe.accelerators.model;

import io.symoe.accelerators.kernel.Ops;

import java.util.Arrays;

/**
 * Top-k routing of a batch, grouped by expert. Follows build_moe_ffn: softmax over all router logits, pick the
 * k largest probabilities, optionally renormalise them to sum to 1, and weight each expert's output.
 */
final class ExpertRouting {
    private final int[][] tokens;
    private final float[][] weights;

    private ExpertRouting(int[][] tokens, float[][] weights) {
        this.tokens = tokens;
        this.weights = weights;
    }

    /** {@code logits} is [tokens][experts] and is overwritten with the probabilities. */
    static ExpertRouting route(float[][] logits, int k, boolean normalize) {
        int n = logits.length, experts = logits[0].length;
        int[] counts = new int[experts];
        int[][] chosen = new int[n][k];
        float[][] chosenW = new float[n][k];
        for (int t = 0; t < n; t++) {
            float[] p = logits[t];
            Ops.softmax(p, 0, experts);
            boolean[] taken = new boolean[experts];
            float sum = 0;
            for (int j = 0; j < k; j++) {
                int best = -1;
                for (int e = 0; e < experts; e++) {
                    if (!taken[e] && (best < 0 || p[e] > p[best])) {
                        best = e;
                    }
                }
                taken[best] = true;
                chosen[t][j] = best;
                chosenW[t][j] = p[best];
                sum += p[best];
                counts[best]++;
            }
            if (normalize) {
                for (int j = 0; j < k; j++) {
                    chosenW[t][j] /= sum;
                }
            }
        }
        int[][] tokens = new int[experts][];
        float[][] weights = new float[experts][];
        int[] fill = new int[experts];
        for (int e = 0; e < experts; e++) {
            tokens[e] = new int[counts[e]];
            weights[e] = new float[counts[e]];
        }
        for (int t = 0; t < n; t++) {
            for (int j = 0; j < k; j++) {
                int e = chosen[t][j];
                tokens[e][fill[e]] = t;
                weights[e][fill[e]++] = chosenW[t][j];
            }
        }
        return new ExpertRouting(tokens, weights);
    }

    int[] tokensOf(int expert) {
        return tokens[expert];
    }

    float[] weightsOf(int expert) {
        return weights[expert];
    }

    @Override
    public String toString() {
        return Arrays.deepToString(tokens);
    }
}
