package io.symoe.orchestrator.service;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Silences two third-party warnings that every start printed and that ask nothing of the user (issue 20):
 *
 * <ul>
 *   <li>Micrometer's {@code This Gauge has been already registered (vertx.http.server.active.connections …)}.
 *       vertx-micrometer-metrics 5 registers its connection gauges again for every connection on purpose (its
 *       {@code LongGaugeBuilder} keeps one counter per id), and Micrometer ≥ 1.13.9 warns on the second
 *       registration (vert-x3/vertx-micrometer-metrics#259, micrometer-metrics/micrometer#6931). Only that
 *       message about {@code vertx.*} meters is dropped; a double registration of any other meter still warns.</li>
 *   <li>DJL's {@code Failed to detect GPU count: CUDA driver version is insufficient}, logged twice when the
 *       MiniLM tokenizer loads on a host with a CUDA runtime but no usable driver. The tokenizer runs on the CPU
 *       either way; the warning stays when a GPU is asked for ({@code CUDA_VISIBLE_DEVICES} set) or when a logging
 *       config sets that logger's level itself.</li>
 * </ul>
 */
public final class ThirdPartyLogs {
    static final String MICROMETER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";
    static final String DJL_CUDA = "ai.djl.util.cuda.CudaUtils";
    // java.util.logging holds loggers weakly: without these references the settings could be collected.
    private static final Logger MICROMETER = Logger.getLogger(MICROMETER_REGISTRY);
    private static final Logger CUDA = Logger.getLogger(DJL_CUDA);

    private ThirdPartyLogs() {}

    public static synchronized void quiet() {
        if (MICROMETER.getFilter() == null) {
            MICROMETER.setFilter(r -> !isVertxGaugeReRegistration(r));
        }
        if (CUDA.getLevel() == null && !gpuAskedFor(System.getenv("CUDA_VISIBLE_DEVICES"))) {
            CUDA.setLevel(Level.SEVERE);
        }
    }

    static boolean isVertxGaugeReRegistration(LogRecord r) {
        String m = r.getMessage();
        return m != null && m.contains("has been already registered") && m.contains("name='vertx.");
    }

    static boolean gpuAskedFor(String cudaVisibleDevices) {
        return cudaVisibleDevices != null && !cudaVisibleDevices.isBlank() && !cudaVisibleDevices.strip().equals("-1");
    }
}
