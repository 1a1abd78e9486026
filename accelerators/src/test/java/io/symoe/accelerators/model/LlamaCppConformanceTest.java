package io.symoe.accelerators.model;

import io.symoe.accelerators.backend.ComputeBackend;
import io.symoe.accelerators.backend.CpuBackend;
import io.symoe.accelerators.kernel.Parallel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The llama.cpp conformance cases ({@link ConformanceCases}) on the CPU Vector-API backend. */
class LlamaCppConformanceTest extends ConformanceCases {
    private static Parallel pool;
    private static ComputeBackend backend;

    @BeforeAll
    static void start() {
        pool = new Parallel(2);
        backend = new CpuBackend(pool);
    }

    @AfterAll
    static void stop() {
        backend.close();
        pool.close();
    }

    @Override
    ComputeBackend backend() {
        return backend;
    }
}
