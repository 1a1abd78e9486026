package io.symoe.skillrouter.embedding;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * all-MiniLM-L6-v2 (quantised ONNX) through langchain4j's own {@code embedAll}: one ONNX call per text, the
 * text truncated to 128 word pieces by the artifact's tokenizer file. This was symoe's embedder before issue 17;
 * it defines the vectors {@link MiniLmEmbedder} must reproduce (the tests hold it to them) and is the baseline of
 * {@code EmbeddingBenchmark}.
 *
 * <p>langchain4j parallelises {@code embedAll} over its executor one text per task; the pool size is how many
 * texts run at once (ONNX Runtime's own intra-op threads add to that, so one thread per core is the sweet spot).
 */
public final class LangChain4jMiniLmEmbedder implements TextEmbedder, AutoCloseable {
    public static final String MODEL_ID = MiniLmEmbedder.MODEL_ID;
    private static final int DIMENSION = 384;

    private final ExecutorService pool;
    private final AllMiniLmL6V2QuantizedEmbeddingModel model;

    public LangChain4jMiniLmEmbedder() {
        this(Runtime.getRuntime().availableProcessors());
    }

    public LangChain4jMiniLmEmbedder(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "minilm-embed");
            t.setDaemon(true);
            return t;
        });
        this.model = new AllMiniLmL6V2QuantizedEmbeddingModel(pool);
    }

    @Override
    public String modelId() {
        return MODEL_ID;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public float[][] embed(List<String> texts) {
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (String t : texts) {
            // An empty segment is rejected by langchain4j; a lone space embeds as "nothing in particular".
            segments.add(TextSegment.from(t == null || t.isBlank() ? " " : t));
        }
        var embeddings = model.embedAll(segments).content();
        float[][] out = new float[embeddings.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = Vectors.normalised(embeddings.get(i).vector());
        }
        return out;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
