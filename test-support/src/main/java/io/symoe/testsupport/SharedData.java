package io.symoe.testsupport;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates {@code ../shared} (recorded model outputs, reference models) for tests. A user's fresh clone has none,
 * so tests that need it call {@link #require} and are skipped with a message saying what is missing.
 * Surefire passes the path as the system property {@code symoe.shared.dir}.
 */
public final class SharedData {
    private SharedData() {}

    /** The shared directory, or null when absent. */
    public static Path root() {
        String prop = System.getProperty("symoe.shared.dir");
        Path p = prop != null ? Path.of(prop) : Path.of("..", "shared");
        if (Files.isDirectory(p)) {
            return p.toAbsolutePath().normalize();
        }
        Path fromModule = Path.of("..", "..", "shared");
        return Files.isDirectory(fromModule) ? fromModule.toAbsolutePath().normalize() : null;
    }

    /** {@code shared/<relative>}, or skips the calling test with a clear message when it is absent. */
    public static Path require(String relative) {
        Path root = root();
        Assumptions.assumeTrue(root != null,
                "skipped: ../shared (beside the checkout) is absent; it holds the real data this test needs");
        Path p = root.resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), "skipped: " + p + " is absent");
        return p;
    }
}
