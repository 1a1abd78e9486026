package io.symoe.orchestrator.service;

import io.symoe.core.config.PipelineConfig;
import io.symoe.core.config.RouterConfig;
import io.symoe.core.config.SymoeConfig;
import io.symoe.core.recorded.RecordedDataset;
import io.symoe.skillrouter.Router;
import io.vertx.core.AsyncResult;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds every pipeline's router in the background, from saved profiles, the replay recordings or the cluster's
 * profiles, and tells {@link Readiness} how far it got, so a slow first embedding run never blocks start-up or
 * liveness. Decisions are guard clauses in {@link #start}, most specific first.
 */
final class RoutingStartup {
    private static final System.Logger LOG = System.getLogger(RoutingStartup.class.getName());

    private final Vertx vertx;
    private final Map<String, PipelineConfig> pipelines;
    private final List<String> models;
    private final RecordedQuestions recorded;
    private final ProfileSharing sharing;
    private final Readiness readiness;

    RoutingStartup(Vertx vertx, SymoeConfig config, Collection<String> models, RecordedQuestions recorded,
                   ProfileSharing sharing, Readiness readiness) {
        this.vertx = vertx;
        this.pipelines = config.allPipelines();
        this.models = List.copyOf(models);
        this.recorded = recorded;
        this.sharing = sharing;
        this.readiness = readiness;
    }

    void start() {
        // 1. Nothing to route to: say how to add models.
        if (models.isEmpty()) {
            readiness.reason("no models: put a GGUF file in " + PoolAssembly.defaultModelsDir() + ", configure"
                    + " pool.backends and pool.models (see ops/config/symoe.yaml), or start with --replay DIR");
            LOG.log(System.Logger.Level.INFO, "no models in the pool; to add one, put a GGUF file in "
                    + PoolAssembly.defaultModelsDir() + ", configure pool.backends + pool.models (see"
                    + " ops/config/symoe.yaml), or start with --replay DIR");
            return;
        }
        boolean anyProfiles = pipelines.values().stream().anyMatch(p -> p.router().profiles() != null);
        // In a cluster, profiles configured but not (yet) on this member's disk come from the members that have
        // them, so every member can share one config while only some hold the files.
        boolean profilesOnDisk = pipelines.values().stream().anyMatch(p -> p.router().profiles() != null
                && Files.exists(Path.of(p.router().profiles())));
        // 2. A cluster member without profiles of its own waits for the cluster's.
        if (recorded == null && sharing.canProvide() && (!anyProfiles || !profilesOnDisk)) {
            fromCluster(anyProfiles);
            return;
        }
        // 3. Neither recordings nor profiles: the ensemble cannot route.
        if (recorded == null && !anyProfiles) {
            readiness.reason("no profiles: set router.profiles (built by `symoe profiles-build`) or start with --replay DIR");
            LOG.log(System.Logger.Level.WARNING, "the ensemble has no model profiles, so it cannot route: set"
                    + " router.profiles (see `symoe profiles-build`) or start with --replay DIR");
            return;
        }
        // 4. Saved profiles or recordings on this member.
        fromLocalData();
    }

    private void fromCluster(boolean anyProfiles) {
        if (anyProfiles) {
            LOG.log(System.Logger.Level.WARNING, "router.profiles is not on this member's disk; waiting for the"
                    + " cluster's profiles instead");
        }
        readiness.reason("waiting for routing profiles from the cluster");
        sharing.await()
                .compose(dir -> vertx.executeBlocking(() -> {
                    Map<String, Router> built = new LinkedHashMap<>();
                    pipelines.forEach((name, pc) -> built.put(name, PersistedRouting.build(withProfiles(pc.router(), dir), models)));
                    return built;
                }, false))
                .onComplete(ar -> built(ar, "the cluster's profiles"));
    }

    private void fromLocalData() {
        readiness.reason("loading profiles and the embedding model");
        // On a thread of its own, not Vert.x's worker pool: the first replay start embeds every recorded question
        // for a minute or two, and a worker held that long makes Vert.x print a blocked-thread trace every second.
        Promise<Map<String, Router>> done = Promise.promise();
        Thread.ofPlatform().name("symoe-router-build").daemon().start(() -> {
            try {
                done.complete(buildRouters());
            } catch (Throwable t) {
                done.fail(t);
            }
        });
        done.future().onComplete(ar -> built(ar, "local data"));
    }

    private Map<String, Router> buildRouters() throws IOException {
        long t0 = System.nanoTime();
        RecordedDataset outcomes = recorded == null ? null : recorded.dataset();
        Map<String, Router> built = new LinkedHashMap<>();
        for (var e : pipelines.entrySet()) {
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
                built.put(e.getKey(), RecordedRouting.build(rc, recorded, models, export, readiness::reason));
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

    private static RouterConfig withProfiles(RouterConfig rc, Path dir) {
        return new RouterConfig(rc.skills(), rc.recruiter(), rc.k(), rc.seed(), dir.toString(), rc.keywordModel(),
                rc.threshold(), rc.targetCalls(), rc.embedder());
    }

    private void built(AsyncResult<Map<String, Router>> ar, String from) {
        if (ar.succeeded()) {
            readiness.install(ar.result());
            return;
        }
        readiness.reason("router failed: " + ar.cause().getMessage());
        LOG.log(System.Logger.Level.ERROR, "cannot build the routers from " + from, ar.cause());
    }
}
