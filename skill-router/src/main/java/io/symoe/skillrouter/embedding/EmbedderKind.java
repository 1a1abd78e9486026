package io.symoe.skillrouter.embedding;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Which question embedder the embedding skills use ({@code --embedder} on the commands, {@code router.embedder}
 * in the YAML). MiniLM is the default; {@code static} is the distilled lookup table, 28-31× faster.
 */
public enum EmbedderKind {
    MINILM("minilm"),
    STATIC("static");

    private final String flag;

    EmbedderKind(String flag) {
        this.flag = flag;
    }

    public String flag() {
        return flag;
    }

    public static EmbedderKind parse(String name) {
        if (name == null || name.isBlank()) {
            return MINILM;
        }
        for (EmbedderKind k : values()) {
            if (k.flag.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("embedder must be minilm or static, got '" + name + "'");
    }

    /** A {@link TextEmbedder} that holds native resources until closed. */
    public interface Open extends TextEmbedder, AutoCloseable {
        @Override
        void close();
    }

    /**
     * Opens the embedder. {@code corpus} (the profile questions' texts) gives the static embedder its SIF token
     * frequencies and its centre; it uses only the texts, never the recorded outcomes. MiniLM ignores it and is
     * wrapped in the on-disk {@link CachingEmbedder}; the static table is built on first use ({@code log}).
     */
    public Open open(Collection<String> corpus, Consumer<String> log) {
        return switch (this) {
            case MINILM -> {
                MiniLmEmbedder minilm = new MiniLmEmbedder();
                yield delegating(new CachingEmbedder(minilm, CachingEmbedder.defaultDir()), minilm);
            }
            case STATIC -> {
                StaticTokenTable table = StaticTokenTable.loadOrBuild(CachingEmbedder.defaultDir(), log);
                StaticEmbedder e = distilled(table, corpus);
                yield delegating(e, e);
            }
        };
    }

    /** SIF weights and centre from {@code corpus}: the static embedder as the commands and the service build it. */
    public static StaticEmbedder distilled(StaticTokenTable table, Collection<String> corpus) {
        if (corpus.isEmpty()) {
            throw new IllegalArgumentException("the static embedder needs the profile questions' texts for its weights");
        }
        TokenWeights w = TokenWeights.sif(StaticEmbedder.tokenCounts(corpus, table.vocabulary()),
                TokenWeights.DEFAULT_SIF_A);
        return new StaticEmbedder(table, w, StaticEmbedder.centreOf(table, w, corpus));
    }

    private static Open delegating(TextEmbedder e, AutoCloseable resource) {
        return new Open() {
            @Override
            public String modelId() {
                return e.modelId();
            }

            @Override
            public int dimension() {
                return e.dimension();
            }

            @Override
            public float[][] embed(List<String> texts) {
                return e.embed(texts);
            }

            @Override
            public void close() {
                try {
                    resource.close();
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            }
        };
    }
}
