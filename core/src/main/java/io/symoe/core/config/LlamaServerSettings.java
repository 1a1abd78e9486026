package io.symoe.core.config;

import io.symoe.core.Checks;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * How a {@code llama-server} backend runs llama.cpp's server: one process per resident model, its GGUF file
 * being the model's {@code remote-name} inside the backend's {@code path}.
 *
 * @param binary       the {@code llama-server} executable; null = {@code $SYMOE_LLAMACPP_BIN/llama-server}, else
 *                     the build {@code ops/llamacpp/build.sh} leaves in the cache
 * @param threads      {@code --threads} of each process
 * @param ctxSize      {@code --ctx-size}: the KV cache each process allocates, counted in its memory footprint
 * @param parallel     {@code --parallel}: slots per process, sharing {@code ctxSize}
 * @param extraArgs    passed through to every process after symoe's own flags
 * @param startTimeout how long a process may take to answer {@code /health} with 200
 * @param stopGrace    how long after SIGTERM before SIGKILL
 */
public record LlamaServerSettings(String binary, Integer threads, Integer ctxSize, Integer parallel,
                                  List<String> extraArgs, Duration startTimeout, Duration stopGrace) {
    public static final LlamaServerSettings DEFAULTS = new LlamaServerSettings(null, null, null, null, null, null, null);

    /** Flags symoe sets itself: passing them again would point the process at another model or port. */
    private static final Set<String> OWNED = Set.of("-m", "--model", "--port", "--host", "-c", "--ctx-size",
            "-t", "--threads", "-np", "--parallel", "--log-file", "-hf", "--hf-repo", "-mu", "--model-url");

    public LlamaServerSettings {
        if (binary != null) {
            Checks.nonBlank(binary, "server.binary");
        }
        threads = threads == null ? 2 : Checks.positive(threads, "server.threads");
        ctxSize = ctxSize == null ? 2048 : Checks.positive(ctxSize, "server.ctx-size");
        parallel = parallel == null ? 1 : Checks.positive(parallel, "server.parallel");
        extraArgs = extraArgs == null ? List.of() : Checks.copyOf(extraArgs, "server.extra-args");
        for (String a : extraArgs) {
            String flag = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (OWNED.contains(flag)) {
                throw new IllegalArgumentException("server.extra-args: " + a + " is set by symoe for each process "
                        + "(model, host, port, context, threads, parallel, log file); use the matching server.* key "
                        + "or the model's remote-name instead");
            }
        }
        startTimeout = startTimeout == null ? Duration.ofSeconds(60) : startTimeout;
        stopGrace = stopGrace == null ? Duration.ofSeconds(5) : stopGrace;
        if (!startTimeout.isPositive() || stopGrace.isNegative()) {
            throw new IllegalArgumentException("server.start-timeout must be > 0 and server.stop-grace >= 0");
        }
    }
}
