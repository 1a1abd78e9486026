package io.symoe.accelerators.backend;

/** Per token, the chosen experts (most probable first) and their weights: [tokens][k]. */
public record TopK(int[][] experts, float[][] weights) {
}
