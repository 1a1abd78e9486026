package io.symoe.accelerators.model;

import io.symoe.accelerators.tensor.Matrix;

/** A layer's feed-forward block: dense SwiGLU, or routed experts (optionally plus a gated shared expert). */
public sealed interface FeedForward {
    /** Weight bytes streamed per token (active experts only). */
    long activeBytes(int expertsUsed);

    record Dense(Matrix gate, Matrix up, Matrix down) implements FeedForward {
        @Override
        public long activeBytes(int expertsUsed) {
            return gate.bytes() + up.bytes() + down.bytes();
        }
    }

    /**
     * Experts stacked as in Mixtral-layout GGUF ({@code ffn_{gate,up,down}_exps}, ggml dims [cols, rows, expert]);
     * {@code router} is {@code ffn_gate_inp} (expert_count × dim).
     */
    record Moe(Matrix router, Matrix gateExps, Matrix upExps, Matrix downExps, int experts, SharedExpert shared)
            implements FeedForward {
        public Matrix gate(int e) {
            return gateExps.slice(e, experts);
        }

        public Matrix up(int e) {
            return upExps.slice(e, experts);
        }

        public Matrix down(int e) {
            return downExps.slice(e, experts);
        }

        @Override
        public long activeBytes(int expertsUsed) {
            long perExpert = (gateExps.bytes() + upExps.bytes() + downExps.bytes()) / experts;
            long s = shared == null ? 0 : shared.ffn.activeBytes(0) + shared.gate.bytes();
            return router.bytes() + expertsUsed * perExpert + s;
        }
    }

    /** qwen2moe's shared expert: always on, scaled by sigmoid(ffn_gate_inp_shexp · x). */
    record SharedExpert(Dense ffn, Matrix gate) {
    }
}
