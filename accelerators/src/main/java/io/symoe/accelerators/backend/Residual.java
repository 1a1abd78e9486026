package io.symoe.accelerators.backend;

/**
 * The residual stream x of a batch (n tokens × dim) for the whole forward pass, held where the backend computes:
 * host arrays for the CPU backend, a device buffer for a device backend, so activations stay there between
 * layers. Created by {@link ComputeBackend#residual}, released by {@link #close()}.
 */
public interface Residual extends AutoCloseable {
    int tokens();

    int dim();

    @Override
    void close();

    /** The host form: the arrays themselves. */
    record Host(float[][] x, int tokens, int dim) implements Residual {
        @Override
        public void close() {
        }
    }
}
