package io.symoe.accelerators.model;

import io.symoe.accelerators.backend.ComputeBackend;
import io.symoe.accelerators.backend.opencl.OpenClAvailability;
import io.symoe.accelerators.backend.opencl.OpenClBackend;
import io.symoe.accelerators.backend.opencl.OpenClSelection;
import io.symoe.accelerators.kernel.Parallel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The llama.cpp conformance cases ({@link ConformanceCases}) on the OpenCL backend, device 0 of platform 0 (PoCL
 * in CI). Skipped with the reason when no OpenCL platform exists.
 */
class OpenClConformanceTest extends ConformanceCases {
    private static Parallel pool;
    private static OpenClBackend backend;

    @BeforeEach
    void open() {
        if (backend == null) {
            pool = new Parallel(2);
            backend = OpenClAvailability.openOrSkip(OpenClSelection.DEFAULT, pool);
        }
    }

    /** Every layer of every reference model has kernel-supported weights: x never left the device between layers. */
    @org.junit.jupiter.api.AfterEach
    void residualStayedOnDevice() {
        // JUnit runs this after skipped tests too; without the reference models nothing ran to check.
        if (backend != null && io.symoe.accelerators.SharedData.present()) {
            org.junit.jupiter.api.Assertions.assertEquals(0, backend.residualRoundTrips());
            org.junit.jupiter.api.Assertions.assertTrue(backend.deviceAttentionCalls() > 0);
        }
    }

    @AfterAll
    static void stop() {
        if (backend != null) {
            backend.close();
            backend = null;
        }
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }

    @Override
    ComputeBackend backend() {
        return backend;
    }

    /** The FPGA-friendly build (single-pass router softmax) against the same references. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"llama-moe-q8_0", "qwen2moe-f32"})
    void fpgaFriendlyKernelsMatchLlamaCpp(String name) throws java.io.IOException {
        java.nio.file.Path model = io.symoe.accelerators.SharedData.model(name);
        try (OpenClBackend fpga = OpenClAvailability.openOrSkip(new OpenClSelection(0, 0, true), pool)) {
            Result r = compare(model, model.resolveSibling(name + ".logits.json"), fpga, true);
            System.out.printf("conformance opencl-fpga %-16s max|d| = %.3g (%.5f%% of range), top-1 %d/%d%n", name,
                    r.maxAbsDiff(), 100 * r.relative(), r.top1Agree(), r.positions());
            org.junit.jupiter.api.Assertions.assertTrue(r.relative() <= 1e-3, name + ": " + r.relative() + " of the range");
            org.junit.jupiter.api.Assertions.assertEquals(r.positions(), r.top1Agree());
            org.junit.jupiter.api.Assertions.assertTrue(fpga.deviceMoeCalls() > 0, "the MoE blocks ran on the device");
        }
    }
}
