package io.symoe.orchestrator.usage;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Counts tokens with the MiniLM WordPiece tokenizer the router already ships for embeddings. It is not the
 * experts' own tokenizer (those differ per model and a replay has none), but for English text a WordPiece count
 * is within the spread of LLM BPE tokenizers (about 1.3 tokens per word), which is what an estimate needs. The
 * tokenizer is loaded on first use; if it cannot be loaded the count falls back to OpenAI's published rule of
 * thumb, one token per 4 characters, and {@link #method()} says which was used.
 */
public final class TokenEstimator {
    /** The tokenizer file inside the langchain4j MiniLM artifact (the one {@code MiniLmEmbedder} reads). */
    private static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-q-tokenizer.json";
    private static final System.Logger LOG = System.getLogger(TokenEstimator.class.getName());
    private static final TokenEstimator SHARED = new TokenEstimator();

    private volatile HuggingFaceTokenizer tokenizer;
    private volatile boolean unavailable;

    /** One estimator per process: the tokenizer is immutable and its native encoder is safe to share. */
    public static TokenEstimator shared() {
        return SHARED;
    }

    public int count(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        HuggingFaceTokenizer t = tokenizer();
        if (t == null) {
            return heuristic(text);
        }
        return t.encode(text, false, false).getIds().length;
    }

    /** How {@link #count} counts: {@code minilm-wordpiece} or {@code chars/4}. */
    public String method() {
        return tokenizer() == null ? "chars/4" : "minilm-wordpiece";
    }

    static int heuristic(String text) {
        return (text.length() + 3) / 4;
    }

    private HuggingFaceTokenizer tokenizer() {
        if (tokenizer != null || unavailable) {
            return tokenizer;
        }
        synchronized (this) {
            if (tokenizer == null && !unavailable) {
                try (InputStream in = TokenEstimator.class.getResourceAsStream(TOKENIZER_RESOURCE)) {
                    if (in == null) {
                        throw new IOException(TOKENIZER_RESOURCE + " is not on the class path");
                    }
                    // No truncation: the embedder stops at 256 tokens, a usage count must see the whole text.
                    tokenizer = HuggingFaceTokenizer.newInstance(in, Map.of(
                            "truncation", "false", "padding", "false", "addSpecialTokens", "false"));
                } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
                    unavailable = true;
                    LOG.log(System.Logger.Level.INFO, "token estimates use 4 characters per token: the MiniLM"
                            + " tokenizer could not be loaded (" + e + ")");
                }
            }
            return tokenizer;
        }
    }
}
