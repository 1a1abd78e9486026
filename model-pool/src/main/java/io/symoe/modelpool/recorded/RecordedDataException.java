package io.symoe.modelpool.recorded;

/** A recorded-outputs file that cannot be read; the message names the file and what is wrong. */
public class RecordedDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RecordedDataException(String message, Throwable cause) {
        super(message, cause);
    }

    public RecordedDataException(String message) {
        super(message);
    }
}
