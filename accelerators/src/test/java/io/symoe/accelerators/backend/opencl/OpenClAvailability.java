package io.symoe.accelerators.backend.opencl;

import io.symoe.accelerators.kernel.Parallel;
import org.junit.jupiter.api.Assumptions;

/** Opens an OpenCL backend for a test, or skips the test (JUnit assumption) with the reason when none exists. */
public final class OpenClAvailability {
    private OpenClAvailability() {
    }

    /** Skips the calling test unless an OpenCL platform with a device exists. */
    public static void assumeAvailable() {
        try {
            Assumptions.assumeFalse(OpenClBackend.devices().isEmpty(), "no OpenCL platform/device found, skipping");
        } catch (OpenClUnavailableException e) {
            Assumptions.abort("OpenCL not available, skipping: " + e.getMessage());
        }
    }

    public static OpenClBackend openOrSkip(OpenClSelection selection, Parallel pool) {
        try {
            return new OpenClBackend(selection, pool);
        } catch (OpenClUnavailableException e) {
            Assumptions.abort("OpenCL not available, skipping: " + e.getMessage());
            throw e; // unreachable: abort throws
        }
    }
}
