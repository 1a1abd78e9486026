package io.symoe.accelerators.model;

import io.symoe.accelerators.gguf.GGUF;
import io.symoe.accelerators.gguf.GGUFFormatException;

/**
 * Hyper-parameters read from {@code <arch>.*} metadata. {@code expertCount == 0} means a dense FFN.
 */
public record Configuration(Architecture architecture, int dim, int layers, int heads, int kvHeads, int headSize,
                            int ffnDim, int vocabSize, int contextLength, float rmsEps, float ropeBase, int ropeDims,
                            int expertCount, int expertsUsed) {
    /** Sanity caps on untrusted metadata: large enough for any real model, small enough to refuse absurd files. */
    private static final int MAX_DIM = 1 << 16;
    private static final int MAX_LAYERS = 1024;

    public Configuration {
        positive(dim, "embedding_length", MAX_DIM);
        positive(layers, "block_count", MAX_LAYERS);
        positive(heads, "attention.head_count", MAX_DIM);
        positive(kvHeads, "attention.head_count_kv", heads);
        positive(headSize, "attention.key_length", MAX_DIM);
        positive(vocabSize, "vocabulary size", 1 << 24);
        positive(contextLength, "context_length", 1 << 24);
        if (heads % kvHeads != 0) {
            throw new GGUFFormatException("head_count " + heads + " is not a multiple of head_count_kv " + kvHeads);
        }
        if (ropeDims < 2 || ropeDims > headSize || ropeDims % 2 != 0) {
            throw new GGUFFormatException("rope.dimension_count " + ropeDims + " must be even and within the head size " + headSize);
        }
        if (!(rmsEps > 0 && rmsEps < 1)) {
            throw new GGUFFormatException("attention.layer_norm_rms_epsilon " + rmsEps + " out of (0, 1)");
        }
        if (!(ropeBase > 1 && Float.isFinite(ropeBase))) {
            throw new GGUFFormatException("rope.freq_base " + ropeBase + " must be finite and > 1");
        }
        if (expertCount < 0 || expertCount > 4096 || expertsUsed < 0 || expertsUsed > expertCount
                || (expertCount > 0 && expertsUsed == 0)) {
            throw new GGUFFormatException("expert_count " + expertCount + " / expert_used_count " + expertsUsed + " are inconsistent");
        }
    }

    private static void positive(int v, String what, int max) {
        if (v < 1 || v > max) {
            throw new GGUFFormatException(what + " = " + v + " is out of range [1, " + max + "]");
        }
    }

    public int qDim() {
        return heads * headSize;
    }

    public int kvDim() {
        return kvHeads * headSize;
    }

    public boolean isMoe() {
        return expertCount > 0;
    }

    static Configuration read(GGUF gguf, int vocabSize) {
        Architecture arch = Architecture.fromGGUF(gguf.getString("general.architecture"));
        String p = arch.ggufName() + ".";
        int dim = gguf.getInt(p + "embedding_length");
        int heads = gguf.getInt(p + "attention.head_count");
        int kvHeads = gguf.getInt(p + "attention.head_count_kv", heads);
        if (heads < 1) {
            throw new GGUFFormatException(p + "attention.head_count = " + heads);
        }
        int headSize = gguf.getInt(p + "attention.key_length", dim / heads);
        int ffn = gguf.getInt(p + "feed_forward_length", 0);
        int experts = gguf.getInt(p + "expert_count", 0);
        int used = gguf.getInt(p + "expert_used_count", 0);
        return new Configuration(arch, dim, gguf.getInt(p + "block_count"), heads, kvHeads, headSize, ffn, vocabSize,
                gguf.getInt(p + "context_length", 2048), gguf.getFloat(p + "attention.layer_norm_rms_epsilon", 1e-5f),
                gguf.getFloat(p + "rope.freq_base", 10000f), gguf.getInt(p + "rope.dimension_count", headSize),
                experts, used);
    }
}
