package io.symoe.accelerators;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates ../shared/llamacpp (system property {@code symoe.shared.dir}, else ../shared from the repo root). */
public final class SharedData {
    private SharedData() {
    }

    public static Path llamacppDir() {
        String prop = System.getProperty("symoe.shared.dir");
        Path shared = prop != null && !prop.isBlank() ? Path.of(prop) : Path.of("..", "..", "shared");
        if (prop == null && !Files.isDirectory(shared)) {
            shared = Path.of("..", "shared");
        }
        Path dir = shared.resolve("llamacpp");
        Assumptions.assumeTrue(Files.isDirectory(dir),
                "llama.cpp reference data not found at " + dir.toAbsolutePath()
                        + " (set -Dsymoe.shared.dir=/path/to/shared); skipping llama.cpp conformance");
        return dir;
    }

    public static Path model(String name) {
        Path p = llamacppDir().resolve(name + ".gguf");
        Assumptions.assumeTrue(Files.isRegularFile(p), "reference model " + p + " not found; skipping");
        return p;
    }
}
