package io.symoe.accelerators.backend;

import io.symoe.accelerators.tensor.Matrix;

/**
 * A layer's routed experts as stored in Mixtral-layout GGUF: {@code router} ({@code ffn_gate_inp}, experts × dim)
 * and the stacked {@code ffn_{gate,up,down}_exps} (ggml dims [cols, rows, expert]; expert e is rows
 * [e·rows/experts, (e+1)·rows/experts)).
 */
public record ExpertWeights(Matrix router, Matrix gateExps, Matrix upExps, Matrix downExps, int experts) {
    public ExpertWeights {
        if (experts < 1 || router.rows() != experts || gateExps.rows() % experts != 0 || upExps.rows() != gateExps.rows()
                || downExps.rows() % experts != 0) {
            throw new IllegalArgumentException("inconsistent expert tensors for " + experts + " experts");
        }
    }

    public Matrix gate(int e) {
        return gateExps.slice(e, experts);
    }

    public Matrix up(int e) {
        return upExps.slice(e, experts);
    }

    public Matrix down(int e) {
        return downExps.slice(e, experts);
    }
}
