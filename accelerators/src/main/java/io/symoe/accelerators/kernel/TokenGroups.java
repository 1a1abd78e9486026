package io.symoe.accelerators.kernel;

import io.symoe.accelerators.tensor.QuantizedActivation;

/**
 * A batch's Q8_0 activations transposed into groups of {@link #LANES} tokens, token in the lane: column j of group
 * g holds the quants of tokens 16g .. 16g + 15 at j ({@code quants[g][j * 16 + lane]}), block b their scales
 * ({@code scales[g][b * 16 + lane]}). With the token in the lane, a weight quant broadcast times one column vector
 * is 16 (row, token) products that need no horizontal sum: {@link MatMul#blockRows}'s token tiles add a block's 32
 * of them straight into a register of 16 exact block integers. Tokens past the batch are padded with 0 quants and
 * 0 scales; their lanes compute 0 and are never written out.
 */
final class TokenGroups {
    static final int LANES = 16;

    final float[][] quants;
    final float[][] scales;
    /** Tokens in the groups: the batch, or its whole groups only when the last partial group is not padded. */
    final int tokens;

    private TokenGroups(float[][] quants, float[][] scales, int tokens) {
        this.quants = quants;
        this.scales = scales;
        this.tokens = tokens;
    }

    int groups() {
        return quants.length;
    }

    /**
     * The first {@code tokens} activations of xq in groups (the last one padded), the groups laid out in parallel:
     * one pass over the activations that every row of the matmul then shares.
     */
    static TokenGroups of(Parallel pool, QuantizedActivation[] xq, int tokens, int cols) {
        int groups = (tokens + LANES - 1) / LANES;
        int blocks = cols / 32;
        float[][] quants = new float[groups][];
        float[][] scales = new float[groups][];
        pool.forRange(groups, (from, to) -> {
            for (int g = from; g < to; g++) {
                float[] q = new float[cols * LANES];
                float[] s = new float[blocks * LANES];
                int n = Math.min(LANES, tokens - g * LANES);
                for (int lane = 0; lane < n; lane++) {
                    float[] xqt = xq[g * LANES + lane].quants();
                    float[] xst = xq[g * LANES + lane].scales();
                    for (int j = 0; j < cols; j++) {
                        q[j * LANES + lane] = xqt[j];
                    }
                    for (int b = 0; b < blocks; b++) {
                        s[b * LANES + lane] = xst[b];
                    }
                }
                quants[g] = q;
                scales[g] = s;
            }
        });
        return new TokenGroups(quants, scales, tokens);
    }
}
