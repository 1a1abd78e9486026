package io.symoe.orchestrator.pipeline;

import io.symoe.aggregator.extract.AnswerExtractor;
import io.symoe.aggregator.extract.AnswerExtractors;
import io.symoe.aggregator.extract.ExtractionMode;
import io.symoe.aggregator.strategy.AggregationRequest;
import io.symoe.aggregator.strategy.AggregationResult;
import io.symoe.aggregator.strategy.Aggregator;
import io.symoe.core.Assignment;
import io.symoe.core.ExpertOutput;
import io.symoe.core.Instance;
import io.symoe.core.generation.ChatMessage;
import io.symoe.core.generation.Generation;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Prompt;
import io.symoe.modelpool.pool.BatchOutcome;
import io.symoe.modelpool.pool.ModelPool;
import io.symoe.skillrouter.Router;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Offline-style execution of many instances, Symbolic-MoE's way: route them all, then run every recruited model
 * once with all of its prompts (the pool's offline scheduler orders models to minimise loads), then aggregate.
 * An instance whose every draw went unserved gets an error entry, never silence.
 */
public final class BatchPipeline {

    /** One instance's outcome: a result, or the reason it has none. */
    public record Item(Instance instance, SolveResult result, String error) {}

    private final Vertx vertx;
    private final java.util.function.Supplier<Router> router;
    private final ModelPool pool;
    private final Aggregator aggregator;
    private final GenerationParams params;
    private final ExtractionMode extraction;
    private final java.util.function.Supplier<String> notReadyReason;
    private final Resolver resolver;

    /**
     * Turns an instance as the client sent it into the one to route and run, or says why it cannot run (replay mode
     * resolves each question to its recording, as the online pipeline does). Called off the event loop.
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

    /**
     * @param notReadyReason why there is no router yet, the same supplier {@link SymoePipeline} gets, so a batch
     *                       and a chat request refused for readiness give the same reason as {@code /health/ready}
     *                       (with no pool the service is not "still loading", it will never be ready)
     */
    public BatchPipeline(Vertx vertx, java.util.function.Supplier<Router> router, ModelPool pool, Aggregator aggregator, GenerationParams params,
                         ExtractionMode extraction, java.util.function.Supplier<String> notReadyReason) {
        this(vertx, router, pool, aggregator, params, extraction, notReadyReason, Resolver.AS_SENT);
    }

    /** @param resolver what each instance runs as, or the item error it gets instead (see {@link Resolver}) */
    public BatchPipeline(Vertx vertx, java.util.function.Supplier<Router> router, ModelPool pool, Aggregator aggregator, GenerationParams params,
                         ExtractionMode extraction, java.util.function.Supplier<String> notReadyReason, Resolver resolver) {
        this.notReadyReason = notReadyReason;
        this.resolver = resolver;
        this.vertx = vertx;
        this.router = router;
        this.pool = pool;
        this.aggregator = aggregator;
        this.params = params;
        this.extraction = extraction;
    }

    /**
     * Why a batch cannot run, or empty when it can: not ready (503), or a sequential pipeline (400). Checked before
     * a batch is accepted, so the client gets the error at once instead of a 202 whose batch then fails.
     */
    public java.util.Optional<PipelineException> refusal() {
        Router r = router.get();
        if (r == null) {
            return java.util.Optional.of(new PipelineException(PipelineException.Reason.NOT_READY,
                    "symoe is not ready: " + notReadyReason.get() + " (GET /health/ready reports the same)"));
        }
        // The batch path runs every recruited expert in one offline pass; it has no stop rule, so on a
        // `recruiter: sequential` pipeline it would call all k experts where the online path calls ~1, and give a
        // different set of experts (and possibly answer) for the same question. Refuse rather than disagree.
        if (r.recruiter() instanceof io.symoe.skillrouter.recruit.SequentialRecruiter) {
            return java.util.Optional.of(new PipelineException(PipelineException.Reason.BAD_INSTANCE,
                    "batches are not supported on a pipeline with router.recruiter: sequential (its stop rule calls"
                            + " experts one at a time, which the batch path does not do, so a batch would call all k"
                            + " experts and could disagree with /v1/chat/completions); send the questions to"
                            + " /v1/chat/completions, or use a pipeline with another recruiter"));
        }
        return java.util.Optional.empty();
    }

    /**
     * @param phase told "routing", "generating", "aggregating" as the batch moves on
     * @return one item per instance, in input order, and the loads the batch caused
     */
    public Future<Run> run(List<Instance> asked, Consumer<String> phase) {
        var refused = refusal();
        if (refused.isPresent()) {
            return Future.failedFuture(refused.get());
        }
        Router r = router.get();
        phase.accept("routing");
        // Resolution runs with routing, off the event loop; items that do not resolve get their error as items,
        // the others run as one batch, and the results go back to the asked instances in input order.
        return vertx.executeBlocking(() -> {
            List<Resolved> resolved = new ArrayList<>(asked.size());
            List<Instance> runnable = new ArrayList<>();
            for (Instance i : asked) {
                Resolved res = resolver.resolve(i);
                resolved.add(res);
                if (res.instance() != null) {
                    runnable.add(res.instance());
                }
            }
            return new Resolution(resolved, runnable, runnable.isEmpty() ? List.<Assignment>of() : r.route(runnable));
        }, false).compose(res -> (res.runnable().isEmpty()
                ? Future.succeededFuture(new Run(List.of(), 0, 0))
                : runResolved(r, res.runnable(), res.assignments(), phase)).map(run -> {
            List<Item> items = new ArrayList<>(asked.size());
            int next = 0;
            for (int i = 0; i < asked.size(); i++) {
                Resolved one = res.resolved().get(i);
                if (one.instance() == null) {
                    items.add(new Item(asked.get(i), null, one.error()));
                } else {
                    Item done = run.items().get(next++);
                    // The client's own instance, so results carry the id it chose.
                    items.add(new Item(asked.get(i), done.result(), done.error()));
                }
            }
            return new Run(List.copyOf(items), run.loads(), run.reassignments());
        }));
    }

    private record Resolution(List<Resolved> resolved, List<Instance> runnable, List<Assignment> assignments) {}

    private Future<Run> runResolved(Router r, List<Instance> instances, List<Assignment> routed, Consumer<String> phase) {
        return Future.succeededFuture(routed).compose(assignments -> {
            phase.accept("generating");
            Map<String, Prompt> prompts = new LinkedHashMap<>();
            for (Instance i : instances) {
                prompts.put(i.id(), new Prompt(i.id(), List.of(
                        ChatMessage.system(AnswerInstructions.forFormat(i.task().answerFormat())),
                        ChatMessage.user(i.text()))));
            }
            long t0 = System.nanoTime();
            return Future.fromCompletionStage(pool.runBatch(assignments, prompts, params), vertx.getOrCreateContext())
                    .compose(outcome -> aggregate(instances, assignments, outcome, Duration.ofNanos(System.nanoTime() - t0), phase,
                            r.topics()));
        });
    }

    /** The batch's items and the model loads it caused. */
    public record Run(List<Item> items, int loads, int reassignments) {}

    private Future<Run> aggregate(List<Instance> instances, List<Assignment> assignments, BatchOutcome outcome,
                                  Duration generation, Consumer<String> phase,
                                  io.symoe.skillrouter.skills.SkillTopics topics) {
        phase.accept("aggregating");
        Map<String, String> unservedReason = new HashMap<>();
        outcome.unserved().forEach(u -> unservedReason.putIfAbsent(u.instanceId(), u.reason()));
        Map<String, Map<String, String>> rerouted = new HashMap<>();
        outcome.reassignments().forEach(r -> rerouted.computeIfAbsent(r.instanceId(), k -> new LinkedHashMap<>())
                .put(r.fromModel(), r.toModel()));

        List<AggregationRequest> requests = new ArrayList<>();
        List<Integer> requestIndex = new ArrayList<>();
        Item[] items = new Item[instances.size()];
        for (int i = 0; i < instances.size(); i++) {
            Instance inst = instances.get(i);
            AnswerExtractor extractor = AnswerExtractors.forFormat(inst.task().answerFormat(), extraction);
            List<ExpertOutput> outputs = new ArrayList<>();
            for (Generation g : outcome.generations().getOrDefault(inst.id(), List.of())) {
                if (g != null) {
                    outputs.add(new ExpertOutput(g.modelId(), inst.id(), g.text(), extractor.extract(g.text()).answer(),
                            g.tokens(), g.latency()));
                }
            }
            if (outputs.isEmpty()) {
                items[i] = new Item(inst, null, "no expert could answer: "
                        + unservedReason.getOrDefault(inst.id(), "unserved"));
                continue;
            }
            requests.add(new AggregationRequest(inst, assignments.get(i), outputs,
                    AnswerInstructions.forFormat(inst.task().answerFormat())));
            requestIndex.add(i);
        }
        return Future.fromCompletionStage(aggregator.aggregateAll(requests), vertx.getOrCreateContext()).map(results -> {
            for (int r = 0; r < results.size(); r++) {
                int i = requestIndex.get(r);
                AggregationResult res = results.get(r);
                Assignment a = assignments.get(i);
                Map<String, Long> timings = Map.of("batch_generation", generation.toMillis());
                items[i] = new Item(instances.get(i), new SolveResult(res.answer(), a.skills(), a, timings,
                        rerouted.getOrDefault(instances.get(i).id(), Map.of()),
                        topics.describe(a.skills(), SolveResult.MAX_TOPICS), java.util.Optional.of(res.provenance())),
                        null);
            }
            return new Run(List.of(items), outcome.loads(), outcome.reassignments().size());
        });
    }
}
