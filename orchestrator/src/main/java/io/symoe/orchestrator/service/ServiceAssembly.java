package io.symoe.orchestrator.service;

import io.symoe.core.config.SymoeConfig;
import io.symoe.core.generation.Generator;
import io.symoe.modelpool.pool.ModelPool;
import io.symoe.modelpool.pool.OnlineDispatcher;
import io.symoe.modelpool.schedule.GroupedScheduler;
import io.symoe.orchestrator.metrics.PoolMetrics;
import io.symoe.orchestrator.metrics.SymoeMetrics;
import io.symoe.orchestrator.pipeline.Pipeline;
import io.symoe.orchestrator.pipeline.SymoePipeline;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The service's parts, wired: the pool ({@link PoolAssembly}), the pipelines ({@link PipelineAssembly}), the
 * routers built in the background ({@link RoutingStartup}, shared over the cluster by {@link ProfileSharing}) and
 * the readiness they report ({@link Readiness}).
 */
public final class ServiceAssembly implements AutoCloseable {
    /** Online grouping: wait at most 10 s for others of the same expert; at most 64 prompts (a typical server's). */
    static final GroupedScheduler.Settings ONLINE = new GroupedScheduler.Settings(10.0, 0.0, 64);

    private final PoolAssembly.Built built;
    private final OnlineDispatcher dispatcher;
    private final Readiness readiness = new Readiness();
    private final PipelineAssembly pipelines;

    private ServiceAssembly(Vertx vertx, PoolAssembly.Built built, SymoeConfig config, SymoeMetrics metrics,
                            UnaryOperator<Generator> expertRoute) {
        this.built = built;
        this.dispatcher = OnlineDispatcher.grouped(built.pool(), ONLINE, 2.0);
        this.pipelines = PipelineAssembly.build(vertx, config, built.pool(), dispatcher, expertRoute, built.recorded(),
                metrics, readiness);
        PoolMetrics.bind(metrics.registry(), built.pool(), dispatcher);
        built.resilience().bindTo(metrics.registry());
    }

    public static ServiceAssembly build(Vertx vertx, SymoeConfig config, Path replayDir, SymoeMetrics metrics) {
        return build(vertx, config, replayDir, metrics, UnaryOperator.identity(), ProfileSharing.NONE);
    }

    /** @param expertRoute wraps the local expert generator, e.g. to send batches to the member that has the model */
    public static ServiceAssembly build(Vertx vertx, SymoeConfig config, Path replayDir, SymoeMetrics metrics,
                                        UnaryOperator<Generator> expertRoute, ProfileSharing sharing) {
        PoolAssembly.Built built = PoolAssembly.build(vertx, config, replayDir);
        ServiceAssembly assembly = new ServiceAssembly(vertx, built, config, metrics, expertRoute);
        new RoutingStartup(vertx, config, built.pool().models(), built.recorded(), sharing, assembly.readiness).start();
        return assembly;
    }

    public ModelPool pool() {
        return built.pool();
    }

    public OnlineDispatcher dispatcher() {
        return dispatcher;
    }

    /** The default pipeline (model {@code symoe}). */
    public Pipeline pipeline() {
        return pipelines.online().get(SymoeConfig.DEFAULT_PIPELINE);
    }

    /** Every pipeline by name, the default first. */
    public Map<String, Pipeline> pipelines() {
        return pipelines.online();
    }

    public Map<String, SymoePipeline> batchPipelines() {
        return pipelines.batches();
    }

    public SymoePipeline batches() {
        return pipelines.batches().get(SymoeConfig.DEFAULT_PIPELINE);
    }

    public boolean ready() {
        return readiness.ready();
    }

    /** Why the service is or is not ready, for {@code /health/ready}. */
    public String readiness() {
        return readiness.reason();
    }

    @Override
    public void close() {
        dispatcher.close();
        built.pool().close();
        built.timer().shutdownNow();
    }
}
