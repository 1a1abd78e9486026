package io.symoe.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the ops files are. Surefire runs the tests in the module directory (ops/), so paths are relative to it. */
final class OpsFiles {
    static final Path OPS = Path.of("").toAbsolutePath();
    static final Path REPO = OPS.getParent();

    static final Path CONFIG_DIR = OPS.resolve("config");
    static final Path DOCKERFILE = OPS.resolve("docker/Dockerfile");
    static final Path KUBERNETES = OPS.resolve("kubernetes/symoe.yaml");
    static final Path SYSTEMD_UNIT = OPS.resolve("systemd/symoe.service");
    static final Path DASHBOARD = OPS.resolve("grafana/symoe-dashboard.json");
    static final Path ALERT_RULES = OPS.resolve("prometheus/symoe-alerts.yaml");
    static final Path RUNBOOK = OPS.resolve("RUNBOOK.md");
    static final Path LAUNCHER = REPO.resolve("symoe");

    /**
     * The environment variable skill-router's {@code CachingEmbedder.defaultDir()} reads for its cache folder
     * (default {@code ~/.cache/symoe}); deployments with a read-only or foreign home must set it.
     */
    static final String CACHE_ENV = "SYMOE_CACHE";

    private OpsFiles() {}

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
