package io.symoe.skillrouter.embedding;

import java.util.List;

/** Turns texts into unit-length vectors, so that a dot product is the cosine similarity. */
public interface TextEmbedder {
    /** Stable id of the model (part of cache keys: vectors of different models never mix). */
    String modelId();

    int dimension();

    /** One L2-normalised vector per text, in text order. */
    float[][] embed(List<String> texts);

    default float[] embed(String text) {
        return embed(List.of(text))[0];
    }
}
