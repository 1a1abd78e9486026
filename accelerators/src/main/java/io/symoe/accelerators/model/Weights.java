package io.symoe.accelerators.model;

import io.symoe.accelerators.tensor.FloatTensor;
import io.symoe.accelerators.tensor.Matrix;

import java.util.List;

/**
 * All weights of a model; {@code output} is the token embedding itself when the file ties them;
 * {@code ropeFreqs} is llama-3.1's {@code rope_freqs.weight} or null.
 */
public record Weights(FloatTensor tokenEmbedding, List<LayerWeights> layers, float[] outputNorm, Matrix output,
                      float[] ropeFreqs) {
    public Weights {
        layers = List.copyOf(layers);
    }

    /** Weight bytes one decoded token streams: attention, router and active experts of every layer, and the output. */
    public long activeBytesPerToken(int expertsUsed) {
        long b = output.bytes();
        for (LayerWeights l : layers) {
            b += l.attentionBytes() + l.ffn().activeBytes(expertsUsed);
        }
        return b;
    }
}
