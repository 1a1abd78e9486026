package io.symoe.accelerators.tornado;

import io.symoe.accelerators.kernel.Parallel;
import org.junit.jupiter.api.Assumptions;

/**
 * Opens the TornadoVM backend for a test, or skips the test (JUnit assumption, with the reason) when TornadoVM's
 * runtime cannot start: not run through the SDK's argfile, no device, no driver. Only linkage errors and TornadoVM's
 * own exceptions mean "unavailable"; anything else (a kernel or backend bug) fails the test.
 */
public final class TornadoAvailability {
    private TornadoAvailability() {
    }

    public static TornadoBackend openOrSkip(Parallel pool) {
        TornadoBackend b = new TornadoBackend(pool);
        try {
            // a one-token RMSNorm: compiles and runs a KernelContext task on the default device
            float[][] x = {{1f, 2f, 3f, 4f}};
            b.rmsNorm(x, x, new float[]{1f, 1f, 1f, 1f}, 4, 1e-6f, 1);
        } catch (LinkageError e) {
            b.close();
            Assumptions.abort("TornadoVM classes cannot load (run with $TORNADOVM_HOME/tornado-argfile; build the SDK with accelerators-tornado/build-sdk.sh): " + e);
        } catch (RuntimeException e) {
            b.close();
            if (!e.getClass().getName().startsWith("uk.ac.manchester.tornado")) {
                throw e;
            }
            Assumptions.abort("TornadoVM runtime unavailable: " + e);
        }
        return b;
    }
}
