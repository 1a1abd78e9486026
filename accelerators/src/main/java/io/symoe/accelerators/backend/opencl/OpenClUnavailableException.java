package io.symoe.accelerators.backend.opencl;

/** No usable OpenCL platform / device (no ICD installed, index out of range, JOCL natives not loadable). */
public final class OpenClUnavailableException extends RuntimeException {
    public OpenClUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public OpenClUnavailableException(String message) {
        super(message);
    }
}
