package io.symoe.accelerators.model;

import io.symoe.accelerators.gguf.GGUF;
import io.symoe.accelerators.gguf.GGUFFormatException;
import io.symoe.accelerators.gguf.TensorInfo;
import io.symoe.accelerators.tensor.FloatTensor;
import io.symoe.accelerators.tensor.Matrix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a GGUF file's tensors into {@link Weights}, checking every tensor's shape against the configuration so a
 * mismatched file fails here with the tensor's name rather than as an index error in a kernel.
 */
public final class ModelLoader {
    private final GGUF gguf;

    private ModelLoader(GGUF gguf) {
        this.gguf = gguf;
    }

    public static Configuration configuration(GGUF gguf) {
        TensorInfo emb = gguf.tensor("token_embd.weight")
                .orElseThrow(() -> new GGUFFormatException("missing tensor 'token_embd.weight'"));
        if (emb.nDims() != 2 || emb.dim(1) > Integer.MAX_VALUE) {
            throw new GGUFFormatException("token_embd.weight has shape " + Arrays.toString(emb.dims()) + ", expected [dim, vocab]");
        }
        return Configuration.read(gguf, (int) emb.dim(1));
    }

    public static Weights load(GGUF gguf, Configuration c) {
        return new ModelLoader(gguf).weights(c);
    }

    private Weights weights(Configuration c) {
        TensorInfo embInfo = info("token_embd.weight");
        expectShape(embInfo, c.dim(), c.vocabSize());
        FloatTensor emb = tensor(embInfo);
        List<LayerWeights> layers = new ArrayList<>();
        for (int i = 0; i < c.layers(); i++) {
            layers.add(layer(c, "blk." + i + "."));
        }
        Matrix output = gguf.tensor("output.weight").isPresent()
                ? matrix("output.weight", c.dim(), c.vocabSize())
                : new Matrix(emb, 0, c.vocabSize(), c.dim()); // tied embeddings, as llama.cpp falls back to token_embd
        float[] ropeFreqs = gguf.tensor("rope_freqs.weight").isPresent() ? vector("rope_freqs.weight", c.ropeDims() / 2) : null;
        return new Weights(emb, layers, vector("output_norm.weight", c.dim()), output, ropeFreqs);
    }

    private LayerWeights layer(Configuration c, String p) {
        boolean bias = gguf.tensor(p + "attn_q.bias").isPresent();
        boolean qkNorm = c.architecture().qkNorm();
        FeedForward ffn;
        if (c.isMoe()) {
            int ff = expertFfnDim(p + "ffn_gate_exps.weight");
            int e = c.expertCount();
            FeedForward.SharedExpert shared = null;
            if (gguf.tensor(p + "ffn_gate_inp_shexp.weight").isPresent()) {
                int sff = (int) info(p + "ffn_gate_shexp.weight").dim(1);
                shared = new FeedForward.SharedExpert(new FeedForward.Dense(matrix(p + "ffn_gate_shexp.weight", c.dim(), sff),
                        matrix(p + "ffn_up_shexp.weight", c.dim(), sff), matrix(p + "ffn_down_shexp.weight", sff, c.dim())),
                        gateVector(p + "ffn_gate_inp_shexp.weight", c.dim()));
            }
            ffn = new FeedForward.Moe(matrix(p + "ffn_gate_inp.weight", c.dim(), e),
                    experts(p + "ffn_gate_exps.weight", c.dim(), ff, e), experts(p + "ffn_up_exps.weight", c.dim(), ff, e),
                    experts(p + "ffn_down_exps.weight", ff, c.dim(), e), e, shared);
        } else {
            int ff = (int) info(p + "ffn_gate.weight").dim(1);
            ffn = new FeedForward.Dense(matrix(p + "ffn_gate.weight", c.dim(), ff), matrix(p + "ffn_up.weight", c.dim(), ff),
                    matrix(p + "ffn_down.weight", ff, c.dim()));
        }
        return new LayerWeights(vector(p + "attn_norm.weight", c.dim()),
                matrix(p + "attn_q.weight", c.dim(), c.qDim()), matrix(p + "attn_k.weight", c.dim(), c.kvDim()),
                matrix(p + "attn_v.weight", c.dim(), c.kvDim()), matrix(p + "attn_output.weight", c.qDim(), c.dim()),
                bias ? vector(p + "attn_q.bias", c.qDim()) : null, bias ? vector(p + "attn_k.bias", c.kvDim()) : null,
                bias ? vector(p + "attn_v.bias", c.kvDim()) : null,
                qkNorm ? vector(p + "attn_q_norm.weight", c.qDim()) : null,
                qkNorm ? vector(p + "attn_k_norm.weight", c.kvDim()) : null,
                vector(p + "ffn_norm.weight", c.dim()), ffn);
    }

    private int expertFfnDim(String name) {
        TensorInfo t = info(name);
        if (t.nDims() != 3 || t.dim(1) > (1 << 20)) {
            throw new GGUFFormatException(name + " has shape " + Arrays.toString(t.dims()) + ", expected [dim, ffn, experts]");
        }
        return (int) t.dim(1);
    }

    private TensorInfo info(String name) {
        return gguf.tensor(name).orElseThrow(() -> new GGUFFormatException("missing tensor '" + name + "'"));
    }

    private FloatTensor tensor(TensorInfo t) {
        return FloatTensor.of(t.type(), gguf.data(t), t.elementCount());
    }

    private static void expectShape(TensorInfo t, long... dims) {
        long[] actual = t.dims();
        // ggml ignores trailing 1-sized dimensions (a [n] vector may be stored as [n, 1])
        int n = actual.length;
        while (n > dims.length && actual[n - 1] == 1) {
            n--;
        }
        if (!Arrays.equals(Arrays.copyOf(actual, n), dims)) {
            throw new GGUFFormatException("tensor '" + t.name() + "' has shape " + Arrays.toString(actual)
                    + ", expected " + Arrays.toString(dims));
        }
    }

    private Matrix matrix(String name, int cols, int rows) {
        TensorInfo t = info(name);
        expectShape(t, cols, rows);
        return new Matrix(tensor(t), 0, rows, cols);
    }

    private Matrix experts(String name, int cols, int rows, int experts) {
        TensorInfo t = info(name);
        expectShape(t, cols, rows, experts);
        return new Matrix(tensor(t), 0, rows * experts, cols);
    }

    private Matrix gateVector(String name, int cols) {
        TensorInfo t = info(name);
        expectShape(t, cols);
        return new Matrix(tensor(t), 0, 1, cols);
    }

    private float[] vector(String name, int n) {
        TensorInfo t = info(name);
        expectShape(t, n);
        float[] v = new float[n];
        tensor(t).dequantize(0, v, 0, n);
        return v;
    }
}
