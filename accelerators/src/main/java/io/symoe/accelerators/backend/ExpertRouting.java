package io.symoe.accelerators.backend;


import java.util.Arrays;

/**
 * Top-k routing of a batch, grouped by expert (the backend computes softmax and top-k as build_moe_ffn does), so
 * each expert's weights stream once per batch.
 */
final class ExpertRouting {
    private final int[][] tokens;
    private final float[][] weights;

    private ExpertRouting(int[][] tokens, float[][] weights) {
        this.tokens = tokens;
        this.weights = weights;
    }

    /** Groups a batch's top-k choices ({@code experts} experts in all) by expert, in token order. */
    static ExpertRouting group(TopK topK, int experts) {
        int n = topK.experts().length;
        int[] counts = new int[experts];
        for (int[] chosen : topK.experts()) {
            for (int e : chosen) {
                counts[e]++;
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
            for (int j = 0; j < topK.experts()[t].length; j++) {
                int e = topK.experts()[t][j];
                tokens[e][fill[e]] = t;
                weights[e][fill[e]++] = topK.weights()[t][j];
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
