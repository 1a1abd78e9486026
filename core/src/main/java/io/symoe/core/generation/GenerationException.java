package io.symoe.core.generation;

/**
 * A generation failed. {@link #kind()} tells the caller whether retrying or re-recruiting can help.
 */
public class GenerationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** Connection refused/reset, 5xx, timeouts: another attempt may succeed. */
        TRANSIENT,
        /** 429: retry after the server's delay. */
        RATE_LIMITED,
        /** The prompt exceeds the model's context: never retried. */
        CONTEXT_LENGTH,
        /** The model does not exist or has no recorded answer: re-recruit instead. */
        NOT_FOUND,
        /** Any other permanent failure. */
        PERMANENT
    }

    private final Kind kind;
    private final String modelId;

    public GenerationException(Kind kind, String modelId, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.modelId = modelId;
    }

    public GenerationException(Kind kind, String modelId, String message) {
        this(kind, modelId, message, null);
    }

    public Kind kind() {
        return kind;
    }

    public String modelId() {
        return modelId;
    }

    public boolean retryable() {
        return kind == Kind.TRANSIENT || kind == Kind.RATE_LIMITED;
    }
}
