package io.symoe.testsupport;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the llama.cpp binaries that {@code ops/llamacpp/build.sh} builds, through {@code SYMOE_LLAMACPP_BIN} (the
 * directory the script prints last). Tests against the real llama-server skip with a message saying how to get it.
 */
public final class LlamaCppBinaries {
    private LlamaCppBinaries() {}

    /** {@code $SYMOE_LLAMACPP_BIN/<name>}, or skips the calling test. */
    public static Path require(String name) {
        String dir = System.getenv("SYMOE_LLAMACPP_BIN");
        Assumptions.assumeTrue(dir != null && !dir.isBlank(), "skipped: SYMOE_LLAMACPP_BIN is not set; run "
                + "export SYMOE_LLAMACPP_BIN=\"$(ops/llamacpp/build.sh | tail -n 1)\" to build llama.cpp and use it");
        Path bin = Path.of(dir, name);
        Assumptions.assumeTrue(Files.isExecutable(bin), "skipped: " + bin + " is not an executable; rebuild with "
                + "ops/llamacpp/build.sh and point SYMOE_LLAMACPP_BIN at the directory it prints last");
        return bin;
    }
}
