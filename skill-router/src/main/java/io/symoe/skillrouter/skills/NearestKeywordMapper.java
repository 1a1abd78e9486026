package io.symoe.skillrouter.skills;

import io.symoe.skillrouter.embedding.QuestionIndex;
import io.symoe.skillrouter.embedding.TextEmbedder;
import io.symoe.skillrouter.embedding.Vectors;

import java.util.ArrayList;
import java.util.List;

/**
 * Paper step 3: each test keyword becomes its nearest validation keyword by cosine over all-MiniLM-L6-v2
 * embeddings (top-1, no threshold). Duplicates are kept on purpose: two test keywords mapping to the same
 * validation keyword count that skill twice in the local score.
 */
public final class NearestKeywordMapper {
    private final TextEmbedder embedder;
    private final List<String> vocabulary;
    private final float[][] vectors;

    public NearestKeywordMapper(TextEmbedder embedder, List<String> vocabulary) {
        if (vocabulary.isEmpty()) {
            throw new IllegalArgumentException("the validation keyword vocabulary is empty");
        }
        this.embedder = embedder;
        this.vocabulary = List.copyOf(vocabulary);
        this.vectors = embedder.embed(this.vocabulary);
    }

    /**
     * A mapper over a persisted vocabulary ({@link io.symoe.skillrouter.embedding.QuestionIndexJson} with the
     * keywords as ids), so a service starts without re-embedding it.
     */
    public NearestKeywordMapper(TextEmbedder embedder, QuestionIndex vocabulary) {
        if (!embedder.modelId().equals(vocabulary.modelId())) {
            throw new IllegalArgumentException("vocabulary was embedded with " + vocabulary.modelId()
                    + " but the embedder is " + embedder.modelId());
        }
        this.embedder = embedder;
        this.vocabulary = vocabulary.ids();
        this.vectors = new float[this.vocabulary.size()][];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = vocabulary.vector(i);
        }
    }

    /** The vocabulary and its vectors, ready for {@link io.symoe.skillrouter.embedding.QuestionIndexJson}. */
    public QuestionIndex asIndex() {
        return new QuestionIndex(embedder.modelId(), vocabulary, vectors);
    }

    public List<String> vocabulary() {
        return vocabulary;
    }

    public String nearest(String keyword) {
        return map(List.of(keyword)).getFirst();
    }

    public List<String> map(List<String> keywords) {
        if (keywords.isEmpty()) {
            return List.of();
        }
        float[][] q = embedder.embed(keywords);
        List<String> out = new ArrayList<>(keywords.size());
        for (float[] v : q) {
            int best = 0;
            float bestSim = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < vectors.length; j++) {
                float s = Vectors.dot(v, vectors[j]);
                if (s > bestSim) { // strict: ties go to the earlier vocabulary entry, deterministically
                    bestSim = s;
                    best = j;
                }
            }
            out.add(vocabulary.get(best));
        }
        return out;
    }
}
