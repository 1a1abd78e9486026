package io.symoe.skillrouter.embedding;

import java.util.Arrays;

/**
 * Per-token weights for {@link StaticEmbedder}'s weighted mean. SIF (Arora et al. 2017): {@code a / (a + p(t))}
 * with {@code p(t)} the token's share of all tokens in a reference corpus (the profile questions), so frequent
 * pieces ("the", "?", "which") fade and rare, topical ones carry the vector. Tokens absent from the corpus get
 * weight 1, the most a token can get.
 *
 * @param id      names the weighting (part of the embedder's model id)
 * @param weights one weight per token id
 */
public record TokenWeights(String id, float[] weights) {
    public static final double DEFAULT_SIF_A = 1e-3;

    public TokenWeights {
        for (float w : weights) {
            if (!(w >= 0) || Float.isInfinite(w)) {
                throw new IllegalArgumentException("weights must be finite and >= 0");
            }
        }
    }

    /** Every token counts the same: the plain mean. */
    public static TokenWeights uniform(int vocabulary) {
        float[] w = new float[vocabulary];
        Arrays.fill(w, 1f);
        return new TokenWeights("uniform", w);
    }

    /** SIF weights from token {@code counts} (index = token id). */
    public static TokenWeights sif(long[] counts, double a) {
        if (!(a > 0)) {
            throw new IllegalArgumentException("SIF a must be > 0, got " + a);
        }
        long total = 0;
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("token counts must be >= 0");
            }
            total += c;
        }
        float[] w = new float[counts.length];
        for (int t = 0; t < counts.length; t++) {
            double p = total == 0 ? 0 : (double) counts[t] / total;
            w[t] = (float) (a / (a + p));
        }
        return new TokenWeights("sif" + a, w);
    }

    public float weight(int token) {
        return weights[token];
    }
}
