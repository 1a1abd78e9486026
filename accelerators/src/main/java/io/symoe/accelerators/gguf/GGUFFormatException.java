package io.symoe.accelerators.gguf;

/** The file is not a GGUF file this engine can use; the message names the field and offset at fault. */
public final class GGUFFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GGUFFormatException(String message) {
        super(message);
    }
}
