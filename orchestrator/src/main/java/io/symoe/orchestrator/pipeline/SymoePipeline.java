package io.symoe.orchestrator.pipeline;

import io.symoe.aggregator.extract.ExtractionMode;
import io.symoe.aggregator.strategy.AggregationRequest;
import io.symoe.aggregator.strategy.AggregationResult;
import io.symoe.aggregator.strategy.Aggregator;
import io.symoe.aggregator.strategy.LearnedAggregator;
import io.symoe.core.Assignment;
import io.symoe.core.Instance;
import io.symoe.core.generation.ChatMessage;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Generator;
import io.symoe.core.generation.Prompt;
import io.symoe.modelpool.pool.ModelPool;
import io.symoe.orchestrator.metrics.SymoeMetrics;
import io.symoe.skillrouter.Router;
import io.symoe.skillrouter.recruit.SequentialRecruiter;
import io.symoe.skillrouter.recruit.StopPolicy;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The ensemble's one pipeline: profile → recruit → dispatch → aggregate → respond, for a chat request
 * ({@link #solve}) and for a batch ({@link #run}) alike. Only the dispatcher differs: a request is dispatched
 * online ({@link GroupedDispatch}, or {@link SequentialDispatch} for {@code recruiter: sequential}), a batch by
 * the pool's offline plan ({@link PlannedDispatch}, or {@link SequentialRoundsDispatch} in rounds for {@code
 * recruiter: sequential}), so the same question gets the same experts and answer either way.
 *
 * <p>Profiling and recruiting may embed the question (CPU-bound), so they run on a worker thread, never on the
 * event loop. Every later stage runs on the caller's Vert.x context, one after another.
 */
public final class SymoePipeline implements Pipeline {

    /** One batch instance's outcome: a result, or the reason it has none. */
    public record Item(Instance instance, SolveResult result, String error) {}

    /** A batch's items and the model loads it caused. */
    public record Run(List<Item> items, int loads, int reassignments) {}

    /**
     * Turns a batch instance as the client sent it into the one to route and run, or says why it cannot run
     * (replay mode resolves each question to its recording, as the online path does). Called off the event loop.
     */
    @FunctionalInterface
    public interface Resolver {
        Resolved resolve(Instance asked);

        /** Runs every instance as sent. */
        Resolver AS_SENT = Resolved::of;
    }

    /** A resolved instance, or (instance null) the item error that answers it. */
    public record Resolved(Instance instance, String error) {
        public static Resolved of(Instance instance) {
            return new Resolved(instance, null);
        }

        public static Resolved error(String error) {
            return new Resolved(null, error);
        }
    }

    private final Vertx vertx;
    private final Supplier<Router> router;
    private final Generator experts;
    private final ModelPool pool;
    private final Aggregator aggregator;
    private final GenerationParams expertParams;
    private final ExtractionMode extraction;
    private final SymoeMetrics metrics;
    private final BooleanSupplier ready;
    private final Supplier<String> notReadyReason;
    private final Resolver resolver;

    /**
     * @param experts        what online dispatch calls (the grouped scheduler, or a cluster route in front of it)
     * @param pool           what a batch's offline plan runs on
     * @param notReadyReason why there is no router yet, as {@code /health/ready} says it (issue 20: with no pool
     *                       the request must not claim the service is still loading)
     * @param resolver       what each batch instance runs as, or the item error it gets instead
     */
    public SymoePipeline(Vertx vertx, Supplier<Router> router, Generator experts, ModelPool pool, Aggregator aggregator,
                         GenerationParams expertParams, ExtractionMode extraction, SymoeMetrics metrics,
                         BooleanSupplier ready, Supplier<String> notReadyReason, Resolver resolver) {
        this.vertx = vertx;
        this.router = router;
        this.experts = experts;
        this.pool = pool;
        this.aggregator = aggregator;
        this.expertParams = expertParams;
        this.extraction = extraction;
        this.metrics = metrics;
        this.ready = ready;
        this.notReadyReason = notReadyReason;
        this.resolver = resolver;
    }

    @Override
    public boolean ready() {
        return ready.getAsBoolean();
    }

    @Override
    public Future<SolveResult> solve(Instance instance) {
        Router r = router.get();
        if (r == null) {
            return Future.failedFuture(notReady());
        }
        Context context = vertx.getOrCreateContext();
        StageClock clock = new StageClock(metrics);
        return vertx.executeBlocking(() -> r.route(instance), false)
                .map(assignment -> {
                    clock.lap("route");
                    return List.of(routed(instance, assignment));
                })
                .compose(routed -> onlineDispatcher(r, context).dispatch(routed)
                        .compose(dispatched -> {
                            clock.lap("dispatch");
                            Dispatch d = dispatched.items().getFirst();
                            return d.failure() != null ? Future.failedFuture(d.failure())
                                    : aggregate(routed, dispatched.items(), context);
                        }))
                .map(aggregated -> {
                    clock.lap("aggregate");
                    clock.total();
                    Dispatch d = aggregated.dispatches().getFirst();
                    metrics.rerouted(d.reroutes().size());
                    return respond(d, aggregated.results()[0], clock.timings(), r);
                });
    }

    /**
     * Why a batch cannot run, or empty when it can: not ready (503). Checked before a batch is accepted, so the
     * client gets the error at once instead of a 202 whose batch then fails.
     */
    public Optional<PipelineException> refusal() {
        return router.get() == null ? Optional.of(notReady()) : Optional.empty();
    }

    /**
     * Runs many instances, Symbolic-MoE's way: route them all, run every recruited model once with all of its
     * prompts, then aggregate. An instance whose every draw went unserved gets an error item, never silence.
     *
     * @param phase told "routing", "generating", "aggregating" as the batch moves on
     * @return one item per instance, in input order, and the loads the batch caused
     */
    public Future<Run> run(List<Instance> asked, Consumer<String> phase) {
        var refused = refusal();
        if (refused.isPresent()) {
            return Future.failedFuture(refused.get());
        }
        Router r = router.get();
        Context context = vertx.getOrCreateContext();
        phase.accept("routing");
        // Resolution runs with routing, off the event loop; items that do not resolve get their error as items.
        return vertx.executeBlocking(() -> resolveAndRoute(r, asked), false)
                .compose(batch -> (batch.routed().isEmpty()
                        ? Future.succeededFuture(new Run(List.of(), 0, 0))
                        : runRouted(r, batch.routed(), phase, context))
                        .map(run -> batch.inAskedOrder(asked, run)));
    }

    private Batch resolveAndRoute(Router r, List<Instance> asked) {
        List<Resolved> resolved = new ArrayList<>(asked.size());
        List<Instance> runnable = new ArrayList<>();
        for (Instance i : asked) {
            Resolved res = resolver.resolve(i);
            resolved.add(res);
            if (res.instance() != null) {
                runnable.add(res.instance());
            }
        }
        List<Assignment> assignments = runnable.isEmpty() ? List.of() : r.route(runnable);
        List<Dispatch.Routed> routed = new ArrayList<>(runnable.size());
        for (int i = 0; i < runnable.size(); i++) {
            routed.add(routed(runnable.get(i), assignments.get(i)));
        }
        return new Batch(resolved, routed);
    }

    private record Batch(List<Resolved> resolved, List<Dispatch.Routed> routed) {
        /**
         * The client's batch back in its order, each item carrying the client's own instance (so results keep the
         * id it chose); {@code run} holds items for the resolved instances only, in order.
         */
        Run inAskedOrder(List<Instance> asked, Run run) {
            List<Item> items = new ArrayList<>(asked.size());
            int next = 0;
            for (int i = 0; i < asked.size(); i++) {
                Resolved one = resolved.get(i);
                if (one.instance() == null) {
                    items.add(new Item(asked.get(i), null, one.error()));
                } else {
                    Item done = run.items().get(next++);
                    items.add(new Item(asked.get(i), done.result(), done.error()));
                }
            }
            return new Run(List.copyOf(items), run.loads(), run.reassignments());
        }
    }

    private Future<Run> runRouted(Router r, List<Dispatch.Routed> routed, Consumer<String> phase, Context context) {
        phase.accept("generating");
        long t0 = System.nanoTime();
        return batchDispatcher(r, context).dispatch(routed)
                .compose(dispatched -> {
                    phase.accept("aggregating");
                    Map<String, Long> timings = Map.of("batch_generation",
                            Duration.ofNanos(System.nanoTime() - t0).toMillis());
                    return aggregate(routed, dispatched.items(), context).map(aggregated -> {
                        List<Item> items = new ArrayList<>(routed.size());
                        int reassignments = 0;
                        for (int i = 0; i < routed.size(); i++) {
                            Dispatch d = aggregated.dispatches().get(i);
                            reassignments += d.reroutes().size();
                            Instance instance = routed.get(i).instance();
                            items.add(d.failure() != null ? new Item(instance, null, d.failure().getMessage())
                                    : new Item(instance, respond(d, aggregated.results()[i], timings, r), null));
                        }
                        return new Run(List.copyOf(items), dispatched.loads(), reassignments);
                    });
                });
    }

    // ---- stages shared by both paths ----

    /** The prompt every draw of an instance is sent: the answer-format instruction, then the question. */
    private static Dispatch.Routed routed(Instance instance, Assignment assignment) {
        Prompt prompt = new Prompt(instance.id(), List.of(
                ChatMessage.system(AnswerInstructions.forFormat(instance.task().answerFormat())),
                ChatMessage.user(instance.text())));
        return new Dispatch.Routed(instance, assignment, prompt);
    }

    private Dispatcher onlineDispatcher(Router r, Context context) {
        ExpertCalls calls = new ExpertCalls(experts, expertParams, context);
        return r.recruiter() instanceof SequentialRecruiter sequential
                ? new SequentialDispatch(calls, adaptiveStop(sequential), extraction) : new GroupedDispatch(calls);
    }

    /**
     * The learned aggregator's staged rule when its model has stages, unless {@code router.threshold} is set (an
     * explicit threshold always wins); else the recruiter's vote-posterior rule.
     */
    private AdaptiveStop adaptiveStop(SequentialRecruiter sequential) {
        if (sequential.policy().source() != StopPolicy.Source.CONFIG && aggregator instanceof LearnedAggregator la
                && la.staged().isPresent()) {
            return new AdaptiveStop.Learned(la.staged().get());
        }
        return new AdaptiveStop.Vote(sequential.stop());
    }

    /**
     * A batch's dispatcher: the pool's offline plan, in rounds of one expert per instance for {@code recruiter:
     * sequential} so its stop rule calls the same experts as a chat request would.
     */
    private Dispatcher batchDispatcher(Router r, Context context) {
        return r.recruiter() instanceof SequentialRecruiter sequential
                ? new SequentialRoundsDispatch(pool, expertParams, context, adaptiveStop(sequential), extraction)
                : new PlannedDispatch(pool, expertParams, context);
    }

    /** Dispatches and their aggregation results by index; no result where the dispatch failed. */
    private record Aggregated(List<Dispatch> dispatches, AggregationResult[] results) {}

    /** Aggregates every instance some expert answered, in one call so model-calling strategies batch by model. */
    private Future<Aggregated> aggregate(List<Dispatch.Routed> routed, List<Dispatch> dispatches, Context context) {
        List<AggregationRequest> requests = new ArrayList<>();
        List<Integer> index = new ArrayList<>();
        for (int i = 0; i < routed.size(); i++) {
            Dispatch d = dispatches.get(i);
            if (d.failure() == null) {
                Instance instance = routed.get(i).instance();
                // The experts' raw outputs: the aggregator module reads their answers.
                requests.add(AggregationRequest.fromRaw(instance, d.called(), d.outputs(),
                        AnswerInstructions.forFormat(instance.task().answerFormat()), extraction));
                index.add(i);
            }
        }
        AggregationResult[] results = new AggregationResult[routed.size()];
        if (requests.isEmpty()) {
            return Future.succeededFuture(new Aggregated(dispatches, results));
        }
        return Future.fromCompletionStage(aggregator.aggregateAll(requests), context).map(done -> {
            for (int k = 0; k < done.size(); k++) {
                results[index.get(k)] = done.get(k);
            }
            return new Aggregated(dispatches, results);
        });
    }

    private static SolveResult respond(Dispatch d, AggregationResult result, Map<String, Long> timings, Router r) {
        Assignment a = d.called();
        return new SolveResult(result.answer(), a.skills(), a, timings, d.reroutedMap(),
                r.topics().describe(a.skills(), SolveResult.MAX_TOPICS), Optional.of(result.provenance()));
    }

    private PipelineException notReady() {
        return new PipelineException(PipelineException.Reason.NOT_READY,
                "symoe is not ready: " + notReadyReason.get() + " (GET /health/ready reports the same)");
    }

    /** Wall time per stage of one request, in order, also reported to the metrics. */
    private static final class StageClock {
        private final SymoeMetrics metrics;
        private final Map<String, Long> timings = new LinkedHashMap<>();
        private final long start = System.nanoTime();
        private long last = start;

        StageClock(SymoeMetrics metrics) {
            this.metrics = metrics;
        }

        void lap(String stage) {
            long now = System.nanoTime();
            record(stage, last, now);
            last = now;
        }

        void total() {
            record("total", start, last);
        }

        private void record(String stage, long from, long to) {
            Duration d = Duration.ofNanos(to - from);
            timings.put(stage, d.toMillis());
            metrics.stage(stage, d);
        }

        Map<String, Long> timings() {
            return timings;
        }
    }
}
