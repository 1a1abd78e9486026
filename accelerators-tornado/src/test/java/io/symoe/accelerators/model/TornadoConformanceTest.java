package io.symoe.accelerators.model;

import io.symoe.accelerators.SharedData;
import io.symoe.accelerators.backend.ComputeBackend;
import io.symoe.accelerators.kernel.Parallel;
import io.symoe.accelerators.tornado.TornadoAvailability;
import io.symoe.accelerators.tornado.TornadoBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The llama.cpp conformance cases ({@link ConformanceCases}, from accelerators' test-jar: the same cases and
 * thresholds as the CPU and OpenCL backends) through real TornadoVM on its default device (PoCL's CPU device here).
 * Skipped with the reason when TornadoVM's runtime cannot start. In this package because the cases are
 * package-private.
 *
 * <p>On PoCL every case costs seconds of JIT and device time, so the default suite runs one model per weight type
 * (Q8_0: llama-moe, in {@link #moeBlocksRanAsTaskGraphs}; Q4_0: qwen2moe, with its shared expert; F32: qwen2moe) and
 * the FPGA-friendly variant on one; {@code -Dsymoe.tornado.conformance=all} runs all nine models, both variants and
 * the decode-path cases (about two minutes on 2 quiet cores).
 */
class TornadoConformanceTest extends ConformanceCases {
    /** The parameterized cases of the default suite, as method:model. */
    private static final Set<String> DEFAULT_CASES = Set.of("quantisedMatchesLlamaCpp:qwen2moe-q4_0",
            "f32MatchesLlamaCpp:qwen2moe-f32", "fpgaFriendlyKernelsMatchLlamaCpp:llama-moe-q8_0");
    private static final Pattern MODEL_ARGUMENT = Pattern.compile("\\] (?:\\w+=)?\"?([\\w.-]+)");

    private static Parallel pool;
    private static TornadoBackend backend;

    @BeforeEach
    void open(TestInfo info) {
        if (!"all".equals(System.getProperty("symoe.tornado.conformance"))) {
            String method = info.getTestMethod().map(java.lang.reflect.Method::getName).orElse("");
            Matcher m = MODEL_ARGUMENT.matcher(info.getDisplayName());
            if (m.find() && !DEFAULT_CASES.contains(method + ":" + m.group(1))) {
                Assumptions.abort("not in the default TornadoVM conformance set " + DEFAULT_CASES
                        + "; run all with -Dsymoe.tornado.conformance=all");
            }
        }
        if (backend == null) {
            pool = new Parallel(2);
            backend = TornadoAvailability.openOrSkip(pool);
        }
    }

    /** A MoE reference model ran its routed-experts blocks as one device task graph each, not the host default. */
    @Test
    void moeBlocksRanAsTaskGraphs() throws IOException {
        Path model = SharedData.model("llama-moe-q8_0");
        long before = backend.deviceMoeCalls(), passes = backend.deviceForwardPasses();
        Result r = compare(model, model.resolveSibling("llama-moe-q8_0.logits.json"), backend, true);
        assertTrue(backend.deviceMoeCalls() > before, "the MoE blocks ran on the device");
        assertTrue(backend.deviceForwardPasses() > passes, "the forward pass ran as the device-resident layer graph");
        assertTrue(r.relative() <= 0.02, "within the Q8_0 threshold: " + r.relative());
    }

    /** The FPGA-friendly variant (single-pass router softmax) against the same references and thresholds. */
    @ParameterizedTest
    @ValueSource(strings = {"llama-moe-q8_0", "qwen2moe-f32"})
    void fpgaFriendlyKernelsMatchLlamaCpp(String name) throws IOException {
        Path model = SharedData.model(name);
        try (TornadoBackend fpga = new TornadoBackend(pool, true)) {
            Result r = compare(model, model.resolveSibling(name + ".logits.json"), fpga, true);
            System.out.printf("conformance tornado-fpga %-16s max|d| = %.3g (%.5f%% of range), top-1 %d/%d%n", name,
                    r.maxAbsDiff(), 100 * r.relative(), r.top1Agree(), r.positions());
            assertTrue(r.relative() <= 1e-3, name + ": " + r.relative() + " of the range");
            assertEquals(r.positions(), r.top1Agree());
            assertTrue(fpga.deviceMoeCalls() > 0, "the MoE blocks ran on the device");
            assertEquals(0, fpga.hostForwardPasses(), "every forward pass kept x and the KV cache on the device");
        }
    }

    /**
     * Every reference model's layers have kernels and every case is one sequence, so no forward pass may have
     * taken the host path (x and the KV cache between host and device at every op): a fallback would hide a
     * regression of the device-resident path behind still-matching logits.
     */
    @AfterEach
    void everyPassStayedOnTheDevice() {
        if (backend != null) {
            assertEquals(0, backend.hostForwardPasses(), "forward passes that took the host path");
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
}
