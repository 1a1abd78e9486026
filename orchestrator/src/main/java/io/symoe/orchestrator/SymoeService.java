package io.symoe.orchestrator;

import io.symoe.core.config.SymoeConfig;
import io.symoe.orchestrator.api.TaskInference;
import io.symoe.orchestrator.cluster.ClusterView;
import io.symoe.orchestrator.cluster.HazelcastConfigs;
import io.symoe.orchestrator.cluster.RemoteDispatchGenerator;
import io.symoe.orchestrator.eventbus.EventBusApi;
import io.symoe.orchestrator.http.HttpApiVerticle;
import io.symoe.orchestrator.metrics.SymoeMetrics;
import io.symoe.orchestrator.service.ServiceAssembly;
import io.symoe.modelpool.residency.ResidencyManager;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The running service: one Vert.x instance (clustered over Hazelcast when asked), the pool, router and aggregator,
 * the HTTP API and the event-bus API. {@link #start} and {@link #close} are the whole lifecycle; the CLI and the
 * tests use the same ones.
 */
public final class SymoeService implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SymoeService.class.getName());

    /** What the command line adds to the config. */
    public record Options(Path replayDir, boolean cluster) {
        public static final Options NONE = new Options(null, false);
    }

    private final Vertx vertx;
    private final HttpApiVerticle http;
    private final ServiceAssembly services;
    private final SymoeMetrics metrics;
    private final ClusterView clusterView;
    private final RemoteDispatchGenerator remote;

    private SymoeService(Vertx vertx, HttpApiVerticle http, ServiceAssembly services, SymoeMetrics metrics,
                         ClusterView clusterView, RemoteDispatchGenerator remote) {
        this.vertx = vertx;
        this.http = http;
        this.services = services;
        this.metrics = metrics;
        this.clusterView = clusterView;
        this.remote = remote;
    }

    public static Future<SymoeService> start(SymoeConfig config) {
        return start(config, Options.NONE);
    }

    /** Starts the service; completes once the HTTP server listens (readiness may follow later). */
    public static Future<SymoeService> start(SymoeConfig config, Options options) {
        io.symoe.orchestrator.service.ThirdPartyLogs.quiet();
        SymoeMetrics metrics = new SymoeMetrics();
        VertxOptions vertxOptions = new VertxOptions().setMetricsOptions(
                new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true));
        boolean clustered = options.cluster() || config.cluster().enabled();
        Future<Vertx> vertxFuture;
        HazelcastClusterManager clusterManager = clustered
                ? new HazelcastClusterManager(HazelcastConfigs.from(config.cluster())) : null;
        var builder = Vertx.builder().with(vertxOptions).withMetrics(new MicrometerMetricsFactory(metrics.registry()));
        vertxFuture = clustered ? builder.withClusterManager(clusterManager).buildClustered()
                : Future.succeededFuture(builder.build());
        // Completed outside any Vert.x context: a failed start closes Vert.x, and a failure delivered through a
        // future bound to one of its (by then terminated) event loops was dropped, so the caller waited forever.
        Promise<SymoeService> result = Promise.promise();
        vertxFuture.onFailure(result::fail).onSuccess(vertx -> {
            EventBusApi.registerCodecs(vertx.eventBus());
            AtomicReference<ClusterView> view = new AtomicReference<>();
            AtomicReference<RemoteDispatchGenerator> remote = new AtomicReference<>();
            vertx.executeBlocking(() -> {
                if (!clustered) {
                    return ServiceAssembly.build(vertx, config, options.replayDir(), metrics);
                }
                ClusterView cv = new ClusterView(clusterManager.getHazelcastInstance(), clusterManager.getNodeId());
                view.set(cv);
                AtomicReference<ServiceAssembly> self = new AtomicReference<>();
                ServiceAssembly services = ServiceAssembly.build(vertx, config, options.replayDir(), metrics, local -> {
                    RemoteDispatchGenerator r = new RemoteDispatchGenerator(vertx.eventBus(), cv, local,
                            () -> self.get() == null ? java.util.Set.of() : self.get().pool().residency().resident(),
                            config.server().requestTimeout());
                    remote.set(r);
                    return r;
                }, new io.symoe.orchestrator.cluster.SharedProfiles(vertx, cv));
                self.set(services);
                publishResidency(cv, services.pool().residency());
                return services;
            }, false).compose(services -> {
                HttpApiVerticle http = new HttpApiVerticle(config.server(), services, metrics);
                EventBusApi bus = new EventBusApi(vertx.eventBus(), services.pipeline(),
                        new TaskInference(HttpApiVerticle.DEFAULT_TASK));
                if (remote.get() != null) {
                    RemoteDispatchGenerator r = remote.get();
                    io.micrometer.core.instrument.FunctionCounter.builder("symoe.cluster.remote.calls", r,
                            RemoteDispatchGenerator::crossNodeCalls).register(metrics.registry());
                    io.micrometer.core.instrument.FunctionCounter.builder("symoe.cluster.remote.fallbacks", r,
                            RemoteDispatchGenerator::crossNodeFallbacks).register(metrics.registry());
                }
                Future<Void> remoteStarted = remote.get() == null ? Future.succeededFuture() : remote.get().start();
                return remoteStarted.compose(v -> bus.start())
                        .compose(v -> vertx.deployVerticle(http))
                        .map(id -> new SymoeService(vertx, http, services, metrics, view.get(), remote.get()))
                        .recover(err -> {
                            services.close();
                            return Future.failedFuture(err);
                        });
            }).onComplete(ar -> {
                if (ar.succeeded()) {
                    result.complete(ar.result());
                } else {
                    vertx.close().onComplete(ignored -> result.fail(ar.cause()));
                }
            });
        });
        return result.future();
    }

    private static void publishResidency(ClusterView view, ResidencyManager residency) {
        view.publishResidency(residency.resident());
        residency.addListener(new ResidencyManager.Listener() {
            @Override
            public void loaded(String modelId, Duration took) {
                view.publishResidency(residency.resident());
            }

            @Override
            public void unloaded(String modelId, Duration took) {
                view.publishResidency(residency.resident());
            }
        });
    }

    public int httpPort() {
        return http.actualPort();
    }

    public Vertx vertx() {
        return vertx;
    }

    public ServiceAssembly services() {
        return services;
    }

    public SymoeMetrics metrics() {
        return metrics;
    }

    /** The cluster view, or null when not clustered. */
    public ClusterView clusterView() {
        return clusterView;
    }

    /** Cross-member dispatch, or null when not clustered. */
    public RemoteDispatchGenerator remoteDispatch() {
        return remote;
    }

    /** Stops accepting requests, leaves the cluster, closes the pool and Vert.x, waiting at most 30 s. */
    @Override
    public void close() {
        try {
            if (clusterView != null) {
                clusterView.close();
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "service did not stop cleanly: " + e.getMessage());
        } finally {
            if (services != null) {
                services.close();
            }
        }
    }
}
