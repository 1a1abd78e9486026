package io.symoe.accelerators;

import java.nio.file.Files;
import java.nio.file.Path;

/** The llama.cpp reference files in ../shared/llamacpp, through test-support's {@link io.symoe.testsupport.SharedData}. */
public final class SharedData {
    private SharedData() {
    }

    /** The reference folder, or skips the calling test with a message when ../shared is absent. */
    public static Path llamacppDir() {
        return io.symoe.testsupport.SharedData.require("llamacpp");
    }

    /** Whether the reference folder exists, for checks that must not skip (e.g. in an {@code @AfterEach}). */
    public static boolean present() {
        Path root = io.symoe.testsupport.SharedData.root();
        return root != null && Files.isDirectory(root.resolve("llamacpp"));
    }

    public static Path model(String name) {
        Path p = llamacppDir().resolve(name + ".gguf");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(p), "reference model " + p + " not found; skipping");
        return p;
    }
}
