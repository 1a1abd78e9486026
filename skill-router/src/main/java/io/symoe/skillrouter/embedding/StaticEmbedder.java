package io.symoe.skillrouter.embedding;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A question's vector without running a transformer: the weighted mean of its word pieces' rows in a
 * {@link StaticTokenTable} distilled from MiniLM, L2-normalised. Tokenised by MiniLM's own tokenizer file, but
 * every word piece counts (no 128-piece truncation) and [CLS]/[SEP] are left out (every text has them, so they
 * would only pull all vectors together), optionally minus a centre (see the constructor). One lookup-and-add per
 * token instead of MiniLM's ~1.2 GFLOP per question: 28-31× MiniLM's questions/s (skill-router README).
 * Thread-safe.
 */
public final class StaticEmbedder implements TextEmbedder, AutoCloseable {
    private final StaticTokenTable table;
    private final TokenWeights weights;
    private final HuggingFaceTokenizer tokenizer;
    private final float[] blank;
    private final float[] centre;

    public StaticEmbedder(StaticTokenTable table, TokenWeights weights) {
        this(table, weights, null);
    }

    /**
     * @param centre subtracted from every question's weighted mean before normalising, or null. Token rows share
     *               a large common direction (every one-token text looks alike to MiniLM); removing the corpus
     *               mean, as SIF removes the common component, leaves what tells questions apart.
     */
    public StaticEmbedder(StaticTokenTable table, TokenWeights weights, float[] centre) {
        if (centre != null && centre.length != table.dimension()) {
            throw new IllegalArgumentException("centre has " + centre.length + " dimensions, table " + table.dimension());
        }
        this.centre = centre == null ? null : centre.clone();
        if (weights.weights().length != table.vocabulary()) {
            throw new IllegalArgumentException(weights.weights().length + " weights for a vocabulary of "
                    + table.vocabulary());
        }
        this.table = table;
        this.weights = weights;
        this.tokenizer = newTokenizer();
        this.blank = meanRow(table);
    }

    /** The tokenizer the embedder and {@link #tokenCounts} use: MiniLM's file, untruncated, no special tokens. */
    static HuggingFaceTokenizer newTokenizer() {
        try (InputStream tok = MiniLmEmbedder.tokenizerResource()) {
            return HuggingFaceTokenizer.newInstance(tok, Map.of("padding", "false", "truncation", "false",
                    "addSpecialTokens", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read MiniLM's tokenizer file", e);
        }
    }

    /** How often each token id occurs in {@code corpus}: the input of {@link TokenWeights#sif}. */
    public static long[] tokenCounts(Collection<String> corpus, int vocabulary) {
        long[] counts = new long[vocabulary];
        try (HuggingFaceTokenizer tok = newTokenizer()) {
            for (String text : corpus) {
                for (long id : tok.encode(text).getIds()) {
                    counts[(int) id]++;
                }
            }
        }
        return counts;
    }

    private static float[] meanRow(StaticTokenTable table) {
        int dim = table.dimension();
        float[] sum = new float[dim];
        float[] rows = table.vectors();
        for (int r = 0; r < rows.length; r += dim) {
            for (int d = 0; d < dim; d++) {
                sum[d] += rows[r + d];
            }
        }
        return Vectors.normalised(sum);
    }

    StaticTokenTable table() {
        return table;
    }

    TokenWeights weights() {
        return weights;
    }

    float[] centre() {
        return centre == null ? null : centre.clone();
    }

    @Override
    public String modelId() {
        return table.modelId() + "-static.v" + StaticTokenTable.VERSION + "-" + weights.id()
                + (centre == null ? "" : "-centred");
    }

    @Override
    public int dimension() {
        return table.dimension();
    }

    @Override
    public float[][] embed(List<String> texts) {
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = embedOne(texts.get(i));
        }
        return out;
    }

    private float[] embedOne(String text) {
        float[] mean = weightedMean(text);
        if (mean == null) {
            return blank.clone(); // "nothing in particular", as MiniLM's [CLS][SEP]
        }
        if (centre != null) {
            for (int d = 0; d < mean.length; d++) {
                mean[d] -= centre[d];
            }
        }
        return Vectors.normalised(mean);
    }

    /** The mean of {@code corpus}'s weighted token means: the {@code centre} to build a centred embedder with. */
    public static float[] centreOf(StaticTokenTable table, TokenWeights weights, Collection<String> corpus) {
        int dim = table.dimension();
        double[] acc = new double[dim];
        int n = 0;
        try (StaticEmbedder raw = new StaticEmbedder(table, weights, null)) {
            for (String text : corpus) {
                float[] mean = raw.weightedMean(text);
                if (mean != null) {
                    for (int d = 0; d < dim; d++) {
                        acc[d] += mean[d];
                    }
                    n++;
                }
            }
        }
        float[] c = new float[dim];
        for (int d = 0; d < dim && n > 0; d++) {
            c[d] = (float) (acc[d] / n);
        }
        return c;
    }

    private float[] weightedMean(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        int dim = table.dimension();
        float[] rows = table.vectors();
        float[] sum = new float[dim];
        double total = 0;
        for (long id : tokenizer.encode(text).getIds()) {
            float w = weights.weight((int) id);
            total += w;
            int base = (int) id * dim;
            for (int d = 0; d < dim; d++) {
                sum[d] += w * rows[base + d];
            }
        }
        if (total == 0) {
            return null;
        }
        for (int d = 0; d < dim; d++) {
            sum[d] /= total;
        }
        return sum;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
