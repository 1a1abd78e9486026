package io.symoe.orchestrator.service;

import io.symoe.core.BackendKind;
import io.symoe.core.config.BackendConfig;
import io.symoe.core.config.ModelConfig;
import io.symoe.core.config.PoolConfig;
import io.symoe.core.config.SymoeConfig;
import io.symoe.modelpool.pool.ModelPool;
import io.symoe.modelpool.pool.ModelPoolFactory;
import io.symoe.modelpool.recorded.MmluProOutputsReader;
import io.symoe.modelpool.resilience.BackendResilience;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds the model pool from config: the configured backends, else the GGUF files of the models directory and
 * the model servers already running on this host, plus a replay backend for {@code --replay DIR}. Blocking:
 * replay pools read their recordings.
 */
final class PoolAssembly {
    private static final System.Logger LOG = System.getLogger(PoolAssembly.class.getName());
    static final String REPLAY_BACKEND = "replay";
    /** Whether a config without backends probes localhost for model servers (off in tests via symoe.discover). */
    private static final boolean DISCOVER = !"false".equals(System.getProperty("symoe.discover"));

    /** The pool, the timer and resilience it runs on, and the recordings read once (null without replay). */
    record Built(ModelPool pool, ScheduledExecutorService timer, BackendResilience resilience,
                 RecordedQuestions recorded) {}

    private PoolAssembly() {}

    static Built build(Vertx vertx, SymoeConfig config, Path replayDir) {
        PoolConfig poolConfig = withDefaultLocalModels(config.pool(), defaultModelsDir());
        if (config.pool().backends().isEmpty() && DISCOVER) {
            // The embedded default: also serve model servers already running on this host.
            poolConfig = LocalServerDiscovery.discover(poolConfig, LocalServerDiscovery.DEFAULT_CANDIDATES,
                    Duration.ofMillis(500));
        }
        poolConfig = replayDir == null ? poolConfig : withReplay(poolConfig, replayDir);
        // Read once: the replay pool serves these recordings and the router profiles from the same copy.
        RecordedQuestions recorded = replayDir == null ? null : RecordedQuestions.read(replayDir);
        ModelPoolFactory.Options options = ModelPoolFactory.Options.DEFAULTS.withLocalBackends(LocalBackends::create);
        if (recorded != null) {
            options = options.withRecordings(replayDir, recorded.dataset());
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "symoe-pool-timer");
            t.setDaemon(true);
            return t;
        });
        BackendResilience resilience = new BackendResilience();
        return new Built(ModelPoolFactory.create(poolConfig, vertx, resilience, timer, options), timer, resilience,
                recorded);
    }

    /** Where the embedded default looks for GGUF experts: {@code $SYMOE_MODELS}, else {@code ~/.symoe/models}. */
    static Path defaultModelsDir() {
        String env = System.getenv("SYMOE_MODELS");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".symoe", "models");
    }

    /**
     * A config without backends (the embedded default) serves the GGUF files of {@code dir} in-process, so dropping
     * a model file there is all it takes to add an expert.
     */
    static PoolConfig withDefaultLocalModels(PoolConfig pool, Path dir) {
        if (!pool.backends().isEmpty()) {
            return pool;
        }
        List<String> ggufs = LocalBackends.modelsIn(dir);
        if (ggufs.isEmpty()) {
            return pool;
        }
        LOG.log(System.Logger.Level.INFO, "serving " + ggufs.size() + " local GGUF model(s) from " + dir + ": " + ggufs);
        List<ModelConfig> models = ggufs.stream()
                .map(id -> new ModelConfig(id, "local", null, null, null, null, null, null)).toList();
        return new PoolConfig(pool.memoryBudget(), pool.minResidency(),
                List.of(new BackendConfig("local", BackendKind.LOCAL, null, null, dir.toString(), null, null, null)),
                models);
    }

    /** The pool config plus one replay backend serving every model recorded in {@code dir}. */
    static PoolConfig withReplay(PoolConfig pool, Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--replay " + dir + ": not a directory of model_outputs_*.zip files");
        }
        TreeSet<String> recorded = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(MmluProOutputsReader::modelIdOf).filter(Objects::nonNull).forEach(recorded::add);
        } catch (IOException e) {
            throw new IllegalArgumentException("--replay " + dir + ": cannot list: " + e.getMessage(), e);
        }
        if (recorded.isEmpty()) {
            throw new IllegalArgumentException("--replay " + dir + ": no model_outputs_<MODEL>_<N>shots.zip files");
        }
        List<BackendConfig> backends = new ArrayList<>(pool.backends());
        backends.add(new BackendConfig(REPLAY_BACKEND, BackendKind.REPLAY, null, null, dir.toString(), null, null, null));
        List<ModelConfig> models = new ArrayList<>(pool.models());
        var taken = models.stream().map(ModelConfig::id).collect(Collectors.toSet());
        for (String m : recorded) {
            if (!taken.contains(m)) {
                models.add(new ModelConfig(m, REPLAY_BACKEND, null, null, null, null, null, null));
            }
        }
        return new PoolConfig(pool.memoryBudget(), pool.minResidency(), backends, models);
    }
}
