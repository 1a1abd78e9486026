package io.symoe.orchestrator.api;

/** A request field that is missing or malformed; {@link #param()} is OpenAI's {@code param} of the error. */
public class RequestValidationException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String param;

    public RequestValidationException(String param, String problem) {
        super(param + " " + problem, null, false, false);
        this.param = param;
    }

    public String param() {
        return param;
    }
}
