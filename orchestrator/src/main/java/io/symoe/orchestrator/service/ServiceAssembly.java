package io.symoe.orchestrator.service;

import io.symoe.aggregator.AggregatorOptions;
import io.symoe.aggregator.Aggregators;
import io.symoe.aggregator.extract.ExtractionMode;
import io.symoe.aggregator.strategy.Aggregator;
import io.symoe.core.BackendKind;
import io.symoe.core.config.BackendConfig;
import io.symoe.core.config.ModelConfig;
import io.symoe.core.config.PoolConfig;
import io.symoe.core.config.SymoeConfig;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.recorded.RecordedDataset;
import io.symoe.modelpool.pool.ModelPool;
import io.symoe.modelpool.pool.ModelPoolFactory;
import io.symoe.modelpool.pool.OnlineDispatcher;
import io.symoe.modelpool.recorded.MmluProOutputsReader;
import io.symoe.modelpool.resilience.BackendResilience;
import io.symoe.modelpool.schedule.GroupedScheduler;
import io.symoe.orchestrator.metrics.PoolMetrics;
import io.symoe.orchestrator.metrics.SymoeMetrics;
import io.symoe.orchestrator.pipeline.Pipeline;
import io.symoe.orchestrator.pipeline.SymoePipeline;
import io.symoe.skillrouter.Router;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The service's parts, built from config. The pool and the aggregator are built at once; the router (profiles and,
 * for embedding skills, the question index) is built in the background and the service reports ready only when it
 * is there, so a slow first embedding run never blocks start-up or liveness.
 */
public final class ServiceAssembly implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ServiceAssembly.class.getName());
    public static final String REPLAY_BACKEND = "replay";
    /**
     * Online grouping: a request waits at most 10 s for others of its expert to join before its model is swapped
     * in; batches hold at most 64 prompts (a typical continuous-batching server's comfortable size).
     */
    static final GroupedScheduler.Settings ONLINE = new GroupedScheduler.Settings(10.0, 0.0, 64);

    private final ModelPool pool;
    private final OnlineDispatcher dispatcher;
    /** Per pipeline name (default first): its router (null until built), pipeline and batch pipeline. */
    private final java.util.Map<String, AtomicReference<Router>> routers = new java.util.LinkedHashMap<>();
    private final java.util.Map<String, Pipeline> pipelines = new java.util.LinkedHashMap<>();
    private final java.util.Map<String, SymoePipeline> batches = new java.util.LinkedHashMap<>();
    private final AtomicReference<String> readiness = new AtomicReference<>("starting");
    private final ScheduledExecutorService timer;
    private final BackendResilience resilience;

    private ServiceAssembly(Vertx vertx, ModelPool pool, ScheduledExecutorService timer, BackendResilience resilience,
                            SymoeConfig config, SymoeMetrics metrics,
                            java.util.function.UnaryOperator<io.symoe.core.generation.Generator> expertRoute,
                            RecordedQuestions recorded) {
        this.pool = pool;
        this.timer = timer;
        this.resilience = resilience;
        this.dispatcher = OnlineDispatcher.grouped(pool, ONLINE, 2.0);
        GenerationParams expertParams = GenerationParams.GREEDY;
        var experts = expertRoute.apply(dispatcher);
        config.allPipelines().forEach((name, pc) -> {
            AtomicReference<Router> router = new AtomicReference<>();
            Aggregator aggregator = Aggregators.fromConfig(pc.aggregator(), AggregatorOptions.DEFAULTS, dispatcher);
            routers.put(name, router);
            // Batches resolve each question to its recording too: the replay backend would otherwise look up a
            // client-chosen instance id ("1", "run:70") as a recorded question id before reading the text.
            SymoePipeline pipeline = new SymoePipeline(vertx, router::get, experts, pool, aggregator, expertParams,
                    ExtractionMode.STRICT, metrics, () -> router.get() != null, readiness::get,
                    recorded == null ? SymoePipeline.Resolver.AS_SENT : RecordedQuestionPipeline.batchResolver(recorded));
            pipelines.put(name, recorded == null ? pipeline : new RecordedQuestionPipeline(vertx, pipeline, recorded));
            batches.put(name, pipeline);
        });
        PoolMetrics.bind(metrics.registry(), pool, dispatcher);
        resilience.bindTo(metrics.registry());
    }

    /**
     * Builds the pool (blocking: replay pools read their recordings) and starts building the router.
     *
     * @param replayDir a directory of recorded MMLU-Pro outputs served as a replay pool, or null
     */
    public static ServiceAssembly build(Vertx vertx, SymoeConfig config, Path replayDir, SymoeMetrics metrics) {
        return build(vertx, config, replayDir, metrics, java.util.function.UnaryOperator.identity(), ProfileSharing.NONE);
    }

    /** Whether a config without backends probes localhost for model servers (off in tests via symoe.discover). */
    private static final boolean discover = !"false".equals(System.getProperty("symoe.discover"));

    /**
     * @param expertRoute wraps the local expert generator, e.g. to send batches to the cluster member that has
     *                    the model loaded
     */
    public static ServiceAssembly build(Vertx vertx, SymoeConfig config, Path replayDir, SymoeMetrics metrics,
                                        java.util.function.UnaryOperator<io.symoe.core.generation.Generator> expertRoute,
                                        ProfileSharing sharing) {
        PoolConfig poolConfig = withDefaultLocalModels(config.pool(), defaultModelsDir());
        if (config.pool().backends().isEmpty() && discover) {
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
        ModelPool pool = ModelPoolFactory.create(poolConfig, vertx, resilience, timer, options);
        ServiceAssembly assembly = new ServiceAssembly(vertx, pool, timer, resilience, config, metrics, expertRoute,
                recorded);
        assembly.startRouting(vertx, config, recorded, sharing);
        return assembly;
    }

    private void startRouting(Vertx vertx, SymoeConfig config, RecordedQuestions recorded, ProfileSharing sharing) {
        Path replayDir = recorded == null ? null : recorded.dir();
        if (pool.models().isEmpty()) {
            readiness.set("no models: put a GGUF file in " + defaultModelsDir() + ", configure pool.backends and"
                    + " pool.models (see ops/config/symoe.yaml), or start with --replay DIR");
            LOG.log(System.Logger.Level.INFO, "no models in the pool; to add one, put a GGUF file in "
                    + defaultModelsDir() + ", configure pool.backends + pool.models (see ops/config/symoe.yaml),"
                    + " or start with --replay DIR");
            return;
        }
        var all = config.allPipelines();
        List<String> models = new ArrayList<>(pool.models());
        boolean anyProfiles = all.values().stream().anyMatch(p -> p.router().profiles() != null);
        // In a cluster, profiles configured but not (yet) on this member's disk come from the members that have
        // them, so every member can share one config while only some hold the files.
        boolean profilesOnDisk = all.values().stream().anyMatch(p -> p.router().profiles() != null
                && Files.exists(Path.of(p.router().profiles())));
        if (replayDir == null && sharing.canProvide() && (!anyProfiles || !profilesOnDisk)) {
            if (anyProfiles) {
                LOG.log(System.Logger.Level.WARNING, "router.profiles is not on this member's disk; waiting for the"
                        + " cluster's profiles instead");
            }
            readiness.set("waiting for routing profiles from the cluster");
            sharing.await().compose(dir -> vertx.executeBlocking(() -> {
                java.util.Map<String, Router> built = new java.util.LinkedHashMap<>();
                all.forEach((name, pc) -> built.put(name, PersistedRouting.build(withProfiles(pc.router(), dir), models)));
                return built;
            }, false)).onComplete(ar -> routersBuilt(ar, "the cluster's profiles"));
            return;
        }
        if (replayDir == null && !anyProfiles) {
            readiness.set("no profiles: set router.profiles (built by `symoe profiles-build`) or start with --replay DIR");
            LOG.log(System.Logger.Level.WARNING, "the ensemble has no model profiles, so it cannot route: set"
                    + " router.profiles (see `symoe profiles-build`) or start with --replay DIR");
            return;
        }
        readiness.set("loading profiles and the embedding model");
        // On a thread of its own, not Vert.x's worker pool: the first replay start embeds every recorded question
        // for a minute or two, and a worker held that long makes Vert.x print a blocked-thread trace every second.
        io.vertx.core.Promise<java.util.Map<String, Router>> routersDone = io.vertx.core.Promise.promise();
        Thread.ofPlatform().name("symoe-router-build").daemon().start(() -> {
            try {
                routersDone.complete(buildRouters(all, models, recorded, sharing));
            } catch (Throwable t) {
                routersDone.fail(t);
            }
        });
        routersDone.future().onComplete(ar -> routersBuilt(ar, "local data"));
    }

    private java.util.Map<String, Router> buildRouters(java.util.Map<String, io.symoe.core.config.PipelineConfig> all,
                                                       List<String> models, RecordedQuestions recorded,
                                                       ProfileSharing sharing) throws IOException {
        long t0 = System.nanoTime();
        RecordedDataset outcomes = recorded == null ? null : recorded.dataset();
        java.util.Map<String, Router> built = new java.util.LinkedHashMap<>();
        for (var e : all.entrySet()) {
            var rc = e.getValue().router();
            boolean isDefault = e.getKey().equals(SymoeConfig.DEFAULT_PIPELINE);
            if (rc.profiles() != null) {
                // Saved profiles win over recordings: they are what the operator chose to deploy.
                built.put(e.getKey(), PersistedRouting.build(rc, models));
                if (isDefault) {
                    Path p = Path.of(rc.profiles());
                    sharing.publish(Files.isDirectory(p) ? p : p.toAbsolutePath().getParent());
                }
            } else if (outcomes != null) {
                Path export = isDefault && sharing.canProvide() ? Files.createTempDirectory("symoe-profiles-") : null;
                built.put(e.getKey(), RecordedRouting.build(rc, recorded, models, export, readiness::set));
                if (export != null) {
                    sharing.publish(export);
                }
            } else {
                throw new IllegalArgumentException("pipeline '" + e.getKey() + "' has no profiles: set its"
                        + " router.profiles or start with --replay DIR");
            }
        }
        LOG.log(System.Logger.Level.INFO, "routers ready for pipelines " + built.keySet() + " ("
                + (outcomes == null ? "saved profiles" : outcomes.questions().size() + " recorded questions")
                + ", " + models.size() + " models) in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        return built;
    }

    private static io.symoe.core.config.RouterConfig withProfiles(io.symoe.core.config.RouterConfig rc, Path dir) {
        return new io.symoe.core.config.RouterConfig(rc.skills(), rc.recruiter(), rc.k(), rc.seed(), dir.toString(),
                rc.keywordModel());
    }

    private void routersBuilt(io.vertx.core.AsyncResult<java.util.Map<String, Router>> ar, String from) {
        if (ar.succeeded()) {
            ar.result().forEach((name, r) -> routers.get(name).set(r));
            readiness.set("ready");
        } else {
            readiness.set("router failed: " + ar.cause().getMessage());
            LOG.log(System.Logger.Level.ERROR, "cannot build the routers from " + from, ar.cause());
        }
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
        var taken = models.stream().map(ModelConfig::id).collect(java.util.stream.Collectors.toSet());
        for (String m : recorded) {
            if (!taken.contains(m)) {
                models.add(new ModelConfig(m, REPLAY_BACKEND, null, null, null, null, null, null));
            }
        }
        return new PoolConfig(pool.memoryBudget(), pool.minResidency(), backends, models);
    }

    public ModelPool pool() {
        return pool;
    }

    public OnlineDispatcher dispatcher() {
        return dispatcher;
    }

    /** The default pipeline (model {@code symoe}). */
    public Pipeline pipeline() {
        return pipelines.get(SymoeConfig.DEFAULT_PIPELINE);
    }

    /** Every pipeline by name, the default first. */
    public java.util.Map<String, Pipeline> pipelines() {
        return java.util.Collections.unmodifiableMap(pipelines);
    }

    public java.util.Map<String, SymoePipeline> batchPipelines() {
        return java.util.Collections.unmodifiableMap(batches);
    }

    public SymoePipeline batches() {
        return batches.get(SymoeConfig.DEFAULT_PIPELINE);
    }

    /** Ready once every pipeline's router is built. */
    public boolean ready() {
        return routers.values().stream().allMatch(r -> r.get() != null);
    }

    /** Why the service is or is not ready, for {@code /health/ready}. */
    public String readiness() {
        return readiness.get();
    }

    @Override
    public void close() {
        dispatcher.close();
        pool.close();
        timer.shutdownNow();
    }
}
