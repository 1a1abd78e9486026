package io.symoe.accelerators;

import io.symoe.accelerators.gguf.GGUF;
import io.symoe.accelerators.backend.BackendSpec;
import io.symoe.accelerators.backend.ComputeBackend;
import io.symoe.accelerators.kernel.Parallel;
import io.symoe.accelerators.model.Weights;
import io.symoe.accelerators.model.Configuration;
import io.symoe.accelerators.model.KVCache;
import io.symoe.accelerators.model.ModelLoader;
import io.symoe.accelerators.model.Transformer;
import io.symoe.accelerators.sample.Sampler;
import io.symoe.accelerators.tokenizer.ChatTemplate;
import io.symoe.accelerators.tokenizer.StreamingDecoder;
import io.symoe.accelerators.tokenizer.Tokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A loaded GGUF model: the mapped file, its configuration, tokenizer, chat template and forward pass on a fixed
 * pool of kernel threads. Not thread-safe: one generation at a time ({@link LocalModelGenerator} serialises).
 */
public final class LocalModel implements AutoCloseable {
    /** Prompts are prefilled in batches of this many tokens (each batch streams every active expert once). */
    static final int PREFILL_BATCH = 128;
    /** KV cache cap when the file's context is larger: keeps memory bounded for long-context models. */
    public static final int DEFAULT_MAX_CONTEXT = 4096;

    private final GGUF gguf;
    private final Parallel pool;
    private final ComputeBackend backend;
    private final Transformer transformer;
    private final Tokenizer tokenizer;
    private final ChatTemplate template;
    private final int context;
    private final Set<Integer> stopTokens = new HashSet<>();

    private LocalModel(GGUF gguf, int threads, int maxContext, BackendSpec backendSpec) {
        this.gguf = gguf;
        Configuration c = ModelLoader.configuration(gguf);
        this.context = Math.min(c.contextLength(), maxContext);
        this.tokenizer = Tokenizer.fromGGUF(gguf);
        if (tokenizer.vocabulary().size() != c.vocabSize()) {
            throw new io.symoe.accelerators.gguf.GGUFFormatException("tokenizer has " + tokenizer.vocabulary().size()
                    + " tokens but token_embd.weight has " + c.vocabSize() + " rows");
        }
        Weights weights = ModelLoader.load(gguf, c);
        this.pool = new Parallel(threads);
        try {
            this.backend = backendSpec.open(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        try {
            this.transformer = new Transformer(c, weights, backend, context);
        } catch (RuntimeException e) {
            backend.close();
            pool.close();
            throw e;
        }
        this.template = ChatTemplate.detect(gguf.findString("tokenizer.chat_template").orElse(null));
        stopTokens.add(tokenizer.vocabulary().eos());
        for (String s : List.of("<|im_end|>", "<|eot_id|>", "<|end|>", "<|endoftext|>")) {
            Integer id = tokenizer.vocabulary().id(s);
            if (id != null) {
                stopTokens.add(id);
            }
        }
    }

    public static LocalModel load(Path file, int threads) throws IOException {
        return load(file, threads, DEFAULT_MAX_CONTEXT);
    }

    public static LocalModel load(Path file, int threads, int maxContext) throws IOException {
        return load(file, threads, maxContext, BackendSpec.CPU);
    }

    /** Loads onto {@code backend}: a device backend uploads the weights here, once. */
    public static LocalModel load(Path file, int threads, int maxContext, BackendSpec backend) throws IOException {
        GGUF gguf = GGUF.open(file);
        try {
            return new LocalModel(gguf, threads, maxContext, backend);
        } catch (RuntimeException e) {
            gguf.close();
            throw e;
        }
    }

    /** The backend's name ({@code cpu}, {@code opencl:<platform> / <device>}). */
    public String backendName() {
        return backend.name();
    }

    public Configuration configuration() {
        return transformer.configuration();
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public ChatTemplate chatTemplate() {
        return template;
    }

    public int contextLength() {
        return context;
    }

    public int threads() {
        return pool.threads();
    }

    /** Weight bytes one decoded token streams (attention, router, active experts, output). */
    public long activeBytesPerToken() {
        return transformer.activeBytesPerToken();
    }

    public KVCache newCache() {
        return new KVCache(configuration(), context);
    }

    /** Logits of every position for {@code tokens} decoded as one batch from position 0 (llama.cpp's setup). */
    public float[][] logits(int[] tokens) {
        checkFits(tokens.length);
        return transformer.forward(newCache(), tokens, 0, true);
    }

    /** Runs tokens at [startPos, ...) and returns the last position's logits, in prefill batches. */
    public float[] prefill(KVCache cache, int[] tokens, int startPos) {
        float[] last = null;
        for (int i = 0; i < tokens.length; i += PREFILL_BATCH) {
            int[] chunk = Arrays.copyOfRange(tokens, i, Math.min(tokens.length, i + PREFILL_BATCH));
            last = transformer.forward(cache, chunk, startPos + i, false)[0];
        }
        return last;
    }

    public float[] decode(KVCache cache, int token, int pos) {
        return transformer.forward(cache, new int[]{token}, pos, false)[0];
    }

    /** The prompt for a chat, BOS included where the vocabulary asks for it. */
    public int[] encodePrompt(String renderedPrompt) {
        int[] body = tokenizer.encode(renderedPrompt, true);
        if (!tokenizer.vocabulary().addBos() || tokenizer.vocabulary().bos() < 0) {
            return body;
        }
        int[] out = new int[body.length + 1];
        out[0] = tokenizer.vocabulary().bos();
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

    /** Outcome of one generation; {@code text} excludes the prompt. */
    public record Result(int[] tokens, String text, String finishReason, int promptTokens, long prefillNanos,
                         long decodeNanos) {
    }

    /** One prompt of a batch generation: its tokens, sampler and where its text goes as it streams. */
    public record Request(int[] prompt, Sampler sampler, Consumer<String> onText) {
    }

    /**
     * Generates up to {@code maxTokens} tokens after {@code prompt}, streaming text pieces to {@code onText} as they
     * complete. Stops at an end-of-turn token ("stop"), a stop string ("stop"), the token cap or the context ("length").
     */
    public Result generate(int[] prompt, int maxTokens, Sampler sampler, List<String> stop, Consumer<String> onText) {
        return generate(List.of(new Request(prompt, sampler, onText)), maxTokens, stop).getFirst();
    }

    /**
     * Generates for several prompts at once: each is prefilled on its own, then every decode step runs the next
     * token of all unfinished sequences as one batch, so each weight (and each active expert) streams from memory
     * once per step for the whole batch rather than once per prompt. Results are in request order.
     */
    public List<Result> generate(List<Request> requests, int maxTokens, List<String> stop) {
        List<Sequence> seqs = new ArrayList<>();
        for (Request r : requests) {
            if (r.prompt().length == 0) {
                throw new IllegalArgumentException("empty prompt");
            }
            checkFits(r.prompt().length + 1);
            Sequence s = new Sequence(r, maxTokens, stop);
            long t0 = System.nanoTime();
            s.logits = prefill(s.cache, r.prompt(), 0);
            s.prefillNanos = System.nanoTime() - t0;
            seqs.add(s);
        }
        long decodeStart = System.nanoTime();
        List<Sequence> active = new ArrayList<>();
        for (Sequence s : seqs) {
            if (s.accept()) {
                active.add(s);
            }
        }
        while (!active.isEmpty()) {
            int n = active.size();
            KVCache[] caches = new KVCache[n];
            int[] positions = new int[n];
            int[] tokens = new int[n];
            for (int i = 0; i < n; i++) {
                Sequence s = active.get(i);
                caches[i] = s.cache;
                positions[i] = s.pos;
                tokens[i] = s.last;
            }
            float[][] logits = transformer.forward(caches, positions, tokens, null);
            List<Sequence> next = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Sequence s = active.get(i);
                s.logits = logits[i];
                s.pos++;
                if (s.accept()) {
                    next.add(s);
                }
            }
            active = next;
        }
        long decodeNanos = System.nanoTime() - decodeStart;
        List<Result> out = new ArrayList<>();
        for (Sequence s : seqs) {
            out.add(s.result(decodeNanos));
        }
        return out;
    }

    /** The decoding state of one prompt. */
    private final class Sequence {
        final Request request;
        final KVCache cache = newCache();
        final StreamingDecoder decoder = new StreamingDecoder(tokenizer);
        final StringBuilder text = new StringBuilder();
        final int[] generated;
        final List<String> stop;
        float[] logits;
        int count;
        int pos;
        int last;
        String finish = "length";
        long prefillNanos;

        Sequence(Request request, int maxTokens, List<String> stop) {
            this.request = request;
            this.generated = new int[maxTokens];
            this.stop = stop;
            this.pos = request.prompt().length;
        }

        /** Samples from the current logits; returns whether the sequence needs another decode step. */
        boolean accept() {
            int next = request.sampler().sample(logits);
            if (stopTokens.contains(next)) {
                finish = "stop";
                return false;
            }
            generated[count++] = next;
            String piece = decoder.next(next);
            text.append(piece);
            String hit = stop.stream().filter(x -> !x.isEmpty() && text.indexOf(x) >= 0).findFirst().orElse(null);
            if (hit != null) {
                int cut = text.indexOf(hit);
                emit(piece.substring(0, Math.max(0, piece.length() - (text.length() - cut))));
                text.setLength(cut);
                finish = "stop";
                return false;
            }
            emit(piece);
            if (count == generated.length || pos >= context) {
                String rest = decoder.flush();
                text.append(rest);
                emit(rest);
                return false;
            }
            last = next;
            return true;
        }

        private void emit(String piece) {
            if (request.onText() != null && !piece.isEmpty()) {
                request.onText().accept(piece);
            }
        }

        Result result(long decodeNanos) {
            return new Result(Arrays.copyOf(generated, count), text.toString(), finish, request.prompt().length,
                    prefillNanos, decodeNanos);
        }
    }

    private void checkFits(int tokens) {
        if (tokens > context) {
            throw new ContextLengthException(tokens, context);
        }
    }

    /** The input does not fit the model's (or the engine's capped) context window. */
    public static final class ContextLengthException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        ContextLengthException(int tokens, int context) {
            super(tokens + " tokens exceed the context window of " + context);
        }
    }

    @Override
    public void close() {
        backend.close();
        pool.close();
        gguf.close();
    }
}
