package io.symoe.accelerators.model;

import io.symoe.accelerators.gguf.GGUFFormatException;
import io.symoe.accelerators.kernel.RoPE;

/**
 * The architectures this engine runs, with the per-architecture choices llama.cpp makes for them:
 * RoPE ordering (llama_model_rope_type) and whether the top-k expert weights are renormalised to sum to 1
 * (the {@code norm_w} argument of build_moe_ffn: true for llama/Mixtral, false for qwen2moe and olmoe).
 */
public enum Architecture {
    LLAMA("llama", RoPE.Ordering.NORMAL, true, false),
    QWEN2MOE("qwen2moe", RoPE.Ordering.NEOX, false, false),
    /** OLMoE also RMS-normalises the full q and k vectors (attn_q_norm / attn_k_norm) before RoPE. */
    OLMOE("olmoe", RoPE.Ordering.NEOX, false, true);

    private final String ggufName;
    private final RoPE.Ordering ropeOrdering;
    private final boolean normalizeExpertWeights;
    private final boolean qkNorm;

    Architecture(String ggufName, RoPE.Ordering ropeOrdering, boolean normalizeExpertWeights, boolean qkNorm) {
        this.ggufName = ggufName;
        this.ropeOrdering = ropeOrdering;
        this.normalizeExpertWeights = normalizeExpertWeights;
        this.qkNorm = qkNorm;
    }

    public String ggufName() {
        return ggufName;
    }

    public RoPE.Ordering ropeOrdering() {
        return ropeOrdering;
    }

    public boolean normalizeExpertWeights() {
        return normalizeExpertWeights;
    }

    public boolean qkNorm() {
        return qkNorm;
    }

    public static Architecture fromGGUF(String name) {
        for (Architecture a : values()) {
            if (a.ggufName.equals(name)) {
                return a;
            }
        }
        throw new GGUFFormatException("unsupported architecture '" + name + "' (supported: llama, qwen2moe, olmoe)");
    }
}
