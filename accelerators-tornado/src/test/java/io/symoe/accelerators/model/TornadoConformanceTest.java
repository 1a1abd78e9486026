package io.symoe.accelerators.model;

import io.symoe.accelerators.backend.ComputeBackend;
import io.symoe.accelerators.kernel.Parallel;
import io.symoe.accelerators.tornado.TornadoAvailability;
import io.symoe.accelerators.tornado.TornadoBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The llama.cpp conformance cases ({@link ConformanceCases}, from accelerators' test-jar: the same cases and
 * thresholds as the CPU and OpenCL backends) on TornadoVM's default device. Skipped with the reason when TornadoVM's
 * runtime cannot start. In this package because the cases are package-private.
 */
class TornadoConformanceTest extends ConformanceCases {
    private static Parallel pool;
    private static TornadoBackend backend;

    @BeforeEach
    void open() {
        if (backend == null) {
            pool = new Parallel(2);
            backend = TornadoAvailability.openOrSkip(pool);
        }
    }

    /** A MoE reference model ran its routed-experts blocks as one device task graph each, not the host default. */
    @org.junit.jupiter.api.Test
    void moeBlocksRanAsTaskGraphs() throws java.io.IOException {
        java.nio.file.Path model = io.symoe.accelerators.SharedData.model("llama-moe-q8_0");
        long before = backend.deviceMoeCalls();
        Result r = compare(model, model.resolveSibling("llama-moe-q8_0.logits.json"), backend, true);
        assertTrue(backend.deviceMoeCalls() > before, "the MoE blocks ran on the device");
        assertTrue(r.relative() <= 0.02, "within the Q8_0 threshold: " + r.relative());
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
}
