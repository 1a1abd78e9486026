package io.symoe.orchestrator.pipeline;

/** A pipeline failure the API reports with a specific status (e.g. no healthy expert → 503). */
public class PipelineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Reason { NO_HEALTHY_EXPERT, NOT_READY, OVERLOADED, TIMEOUT, BAD_INSTANCE, INTERNAL }

    private final Reason reason;

    public PipelineException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public PipelineException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
