package io.symoe.orchestrator.service;

import io.symoe.accelerators.LocalModelGenerator;
import io.symoe.core.config.BackendConfig;
import io.symoe.core.config.ModelConfig;
import io.symoe.core.generation.GenerationException;
import io.symoe.core.generation.Generator;
import io.symoe.modelpool.backend.InProcessBackend;
import io.symoe.modelpool.backend.ModelBackend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * {@code local} backends: GGUF files served in-process by the accelerators engine. A model's file is its
 * {@code remote-name} (with or without {@code .gguf}) inside the backend's {@code path} directory; a name that
 * resolves outside that directory ({@code ../..}, an absolute path, a symlink out) is refused at start, so a
 * config cannot make symoe map arbitrary files.
 */
public final class LocalBackends {
    private LocalBackends() {}

    public static ModelBackend create(BackendConfig backend, List<ModelConfig> models) {
        Path dir = realDirectory(backend);
        Map<String, LocalModelGenerator> engines = new LinkedHashMap<>();
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        for (ModelConfig m : models) {
            engines.put(m.id(), new LocalModelGenerator(modelFile(backend, dir, m), m.id(), threads));
        }
        Generator generator = (modelId, prompts, params) -> {
            LocalModelGenerator engine = engines.get(modelId);
            if (engine == null) {
                return CompletableFuture.failedFuture(new GenerationException(GenerationException.Kind.NOT_FOUND,
                        modelId, "backend '" + backend.id() + "' does not serve " + modelId));
            }
            return engine.generate(modelId, prompts, params);
        };
        return new InProcessBackend(backend.id(), List.copyOf(engines.keySet()), generator,
                id -> CompletableFuture.runAsync(() -> engines.get(id).load()),
                id -> CompletableFuture.runAsync(() -> engines.get(id).unload()));
    }

    /** The GGUF files of a directory as model ids (file name without {@code .gguf}), for the embedded default. */
    public static List<String> modelsIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> ids = new ArrayList<>();
            files.filter(f -> f.getFileName().toString().endsWith(".gguf") && Files.isRegularFile(f))
                    .sorted().forEach(f -> ids.add(f.getFileName().toString().replaceFirst("\\.gguf$", "")));
            return ids;
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Path realDirectory(BackendConfig backend) {
        try {
            return Path.of(backend.path()).toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("backend '" + backend.id() + "' (local): path " + backend.path()
                    + " is not a readable directory: " + e.getMessage(), e);
        }
    }

    static Path modelFile(BackendConfig backend, Path dir, ModelConfig m) {
        String name = m.remoteName().endsWith(".gguf") ? m.remoteName() : m.remoteName() + ".gguf";
        Path file = dir.resolve(name).normalize();
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("model '" + m.id() + "' of backend '" + backend.id() + "': " + file
                    + " does not exist", e);
        }
        if (!file.startsWith(dir) || !real.startsWith(dir)) {
            throw new IllegalArgumentException("model '" + m.id() + "' of backend '" + backend.id() + "': " + name
                    + " resolves outside the backend's directory " + dir + "; model files must stay inside it");
        }
        return real;
    }
}
