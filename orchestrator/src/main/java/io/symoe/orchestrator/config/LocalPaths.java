package io.symoe.orchestrator.config;

import io.symoe.core.BackendKind;
import io.symoe.core.config.BackendConfig;
import io.symoe.core.config.LlamaServerSettings;
import io.symoe.core.config.PoolConfig;
import io.symoe.core.config.SymoeConfig;

import java.nio.file.Path;
import java.util.List;

/**
 * A {@code llama-server} backend's GGUF directory and binary are relative to the config file, so an example config
 * such as {@code ops/config/llama-server.yaml} works from any working directory. (Other kinds keep their paths as
 * written, relative to the working directory, as they always were.)
 */
final class LocalPaths {
    private LocalPaths() {}

    static SymoeConfig resolveAgainst(SymoeConfig config, Path dir) {
        if (dir == null || config.pool().backends().stream().noneMatch(b -> b.kind() == BackendKind.LLAMA_SERVER)) {
            return config;
        }
        List<BackendConfig> backends = config.pool().backends().stream().map(b -> b.kind() != BackendKind.LLAMA_SERVER ? b
                : new BackendConfig(b.id(), b.kind(), b.baseUrl(), b.apiKey(), resolve(dir, b.path()), b.timeout(),
                b.maxConcurrency(), b.retries(), withBinary(b.server(), dir))).toList();
        PoolConfig p = config.pool();
        return new SymoeConfig(config.server(), new PoolConfig(p.memoryBudget(), p.minResidency(), backends, p.models()),
                config.router(), config.aggregator(), config.cluster(), config.pipelines());
    }

    private static LlamaServerSettings withBinary(LlamaServerSettings s, Path dir) {
        // A bare name ("llama-server") is looked up as written; a path with a slash is a file beside the config.
        if (s.binary() == null || !s.binary().contains("/")) {
            return s;
        }
        return new LlamaServerSettings(resolve(dir, s.binary()), s.threads(), s.ctxSize(), s.parallel(), s.extraArgs(),
                s.startTimeout(), s.stopGrace());
    }

    private static String resolve(Path dir, String path) {
        Path p = Path.of(path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path);
        return p.isAbsolute() ? p.toString() : dir.resolve(p).normalize().toString();
    }
}
