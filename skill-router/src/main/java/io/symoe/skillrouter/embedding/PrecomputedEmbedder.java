package io.symoe.skillrouter.embedding;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves vectors already computed for known texts (e.g. a whole dataset embedded once through
 * {@link CachingEmbedder}); texts it does not know go to the fallback, or are refused when there is none.
 */
public final class PrecomputedEmbedder implements TextEmbedder {
    private final String modelId;
    private final int dimension;
    private final Map<String, float[]> byText;
    private final TextEmbedder fallback;

    public PrecomputedEmbedder(String modelId, List<String> texts, float[][] vectors, TextEmbedder fallback) {
        if (texts.size() != vectors.length) {
            throw new IllegalArgumentException(texts.size() + " texts but " + vectors.length + " vectors");
        }
        if (fallback != null && !fallback.modelId().equals(modelId)) {
            throw new IllegalArgumentException("fallback embeds with " + fallback.modelId() + ", not " + modelId);
        }
        this.modelId = modelId;
        this.dimension = vectors.length == 0 ? (fallback == null ? 0 : fallback.dimension()) : vectors[0].length;
        this.byText = new HashMap<>(texts.size() * 2);
        for (int i = 0; i < vectors.length; i++) {
            byText.put(texts.get(i), vectors[i]);
        }
        this.fallback = fallback;
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public float[][] embed(List<String> texts) {
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            float[] v = byText.get(texts.get(i));
            if (v == null) {
                if (fallback == null) {
                    throw new IllegalArgumentException("no precomputed embedding for text: "
                            + texts.get(i).substring(0, Math.min(60, texts.get(i).length())));
                }
                v = fallback.embed(texts.get(i));
            }
            out[i] = v;
        }
        return out;
    }
}
