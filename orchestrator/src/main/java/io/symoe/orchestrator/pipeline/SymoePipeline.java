package io.symoe.orchestrator.pipeline;

import io.symoe.aggregator.extract.AnswerExtractor;
import io.symoe.aggregator.extract.AnswerExtractors;
import io.symoe.aggregator.extract.ExtractionMode;
import io.symoe.aggregator.strategy.AggregationRequest;
import io.symoe.aggregator.strategy.Aggregator;
import io.symoe.core.Assignment;
import io.symoe.core.ExpertOutput;
import io.symoe.core.Instance;
import io.symoe.core.RecruitedExpert;
import io.symoe.core.generation.ChatMessage;
import io.symoe.core.generation.Generation;
import io.symoe.core.generation.GenerationException;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Generator;
import io.symoe.core.generation.Prompt;
import io.symoe.orchestrator.metrics.SymoeMetrics;
import io.symoe.skillrouter.Router;
import io.symoe.skillrouter.recruit.CompetenceEstimate;
import io.symoe.skillrouter.recruit.SequentialRecruiter;
import io.symoe.skillrouter.recruit.SequentialStop;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;

/**
 * profile → recruit → dispatch → aggregate for one instance.
 *
 * <p>Profiling and recruiting may embed the question (CPU-bound), so they run on a worker thread, never on the
 * event loop. Dispatch sends each recruited model its draws as one batch through the pool's online scheduler, so
 * concurrent requests for the same expert are grouped. An expert that fails for good is replaced by the next
 * candidate of the assignment that is not already in use; only when every candidate fails does the request
 * fail (503), and an unrecorded question in a replay pool fails as such (404).
 */
public final class SymoePipeline implements Pipeline {
    private final Vertx vertx;
    private final java.util.function.Supplier<Router> router;
    private final Generator experts;
    private final Aggregator aggregator;
    private final GenerationParams expertParams;
    private final ExtractionMode extraction;
    private final SymoeMetrics metrics;
    private final BooleanSupplier ready;
    private final java.util.function.Supplier<String> notReadyReason;

    public SymoePipeline(Vertx vertx, java.util.function.Supplier<Router> router, Generator experts, Aggregator aggregator,
                         GenerationParams expertParams, ExtractionMode extraction, SymoeMetrics metrics,
                         BooleanSupplier ready) {
        this(vertx, router, experts, aggregator, expertParams, extraction, metrics, ready,
                () -> "loading its profiles and embedding model");
    }

    /**
     * @param notReadyReason why there is no router yet, as {@code /health/ready} says it (issue 20: with no pool
     *                       the request must not claim the service is still loading)
     */
    public SymoePipeline(Vertx vertx, java.util.function.Supplier<Router> router, Generator experts, Aggregator aggregator,
                         GenerationParams expertParams, ExtractionMode extraction, SymoeMetrics metrics,
                         BooleanSupplier ready, java.util.function.Supplier<String> notReadyReason) {
        this.notReadyReason = notReadyReason;
        this.vertx = vertx;
        this.router = router;
        this.experts = experts;
        this.aggregator = aggregator;
        this.expertParams = expertParams;
        this.extraction = extraction;
        this.metrics = metrics;
        this.ready = ready;
    }

    @Override
    public boolean ready() {
        return ready.getAsBoolean();
    }

    @Override
    public Future<SolveResult> solve(Instance instance) {
        long t0 = System.nanoTime();
        Map<String, Long> timings = new LinkedHashMap<>();
        Map<String, String> rerouted = new LinkedHashMap<>();
        String instruction = AnswerInstructions.forFormat(instance.task().answerFormat());
        Prompt prompt = new Prompt(instance.id(), List.of(ChatMessage.system(instruction),
                ChatMessage.user(instance.text())));

        Router r = router.get();
        if (r == null) {
            return Future.failedFuture(new PipelineException(PipelineException.Reason.NOT_READY,
                    "symoe is not ready: " + notReadyReason.get() + " (GET /health/ready reports the same)"));
        }
        Future<Assignment> routed = vertx.executeBlocking(() -> r.route(instance), false);
        return routed.compose(recruited -> {
            long t1 = System.nanoTime();
            record(timings, "route", t0, t1);
            Future<Dispatched> dispatched = r.recruiter() instanceof SequentialRecruiter sequential
                    ? dispatchSequential(instance, recruited, prompt, rerouted, sequential.stop())
                    : dispatch(instance, recruited, prompt, rerouted).map(o -> new Dispatched(recruited, o));
            return dispatched.compose(d -> {
                Assignment assignment = d.assignment();
                List<ExpertOutput> outputs = d.outputs();
                long t2 = System.nanoTime();
                record(timings, "dispatch", t1, t2);
                return Future.fromCompletionStage(aggregator.aggregate(
                                new AggregationRequest(instance, assignment, outputs, instruction)), vertx.getOrCreateContext())
                        .map(result -> {
                            long t3 = System.nanoTime();
                            record(timings, "aggregate", t2, t3);
                            record(timings, "total", t0, t3);
                            metrics.rerouted(rerouted.size());
                            return new SolveResult(result.answer(), assignment.skills(), assignment, timings, rerouted,
                                    r.topics().describe(assignment.skills(), SolveResult.MAX_TOPICS),
                                    java.util.Optional.of(result.provenance()));
                        });
            });
        });
    }

    private void record(Map<String, Long> timings, String stage, long from, long to) {
        Duration d = Duration.ofNanos(to - from);
        timings.put(stage, d.toMillis());
        metrics.stage(stage, d);
    }

    /** Runs every draw; draws of a failed model move to the next unused candidate. */
    private Future<List<ExpertOutput>> dispatch(Instance instance, Assignment assignment, Prompt prompt,
                                                Map<String, String> rerouted) {
        Map<String, Integer> drawsPerModel = new LinkedHashMap<>();
        for (RecruitedExpert e : assignment.experts()) {
            drawsPerModel.merge(e.modelId(), 1, Integer::sum);
        }
        Set<String> used = new HashSet<>(drawsPerModel.keySet());
        List<String> spare = new ArrayList<>();
        for (String c : assignment.candidates()) {
            if (!used.contains(c)) {
                spare.add(c);
            }
        }
        AnswerExtractor extractor = AnswerExtractors.forFormat(instance.task().answerFormat(), extraction);
        List<Future<List<ExpertOutput>>> perModel = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        drawsPerModel.forEach((model, draws) -> perModel.add(
                runWithFallback(model, draws, prompt, spare, rerouted, extractor, failures)));
        return Future.join(perModel).transform(ignored -> {
            List<ExpertOutput> outputs = new ArrayList<>();
            for (Future<List<ExpertOutput>> f : perModel) {
                if (f.succeeded()) {
                    outputs.addAll(f.result());
                }
            }
            if (!outputs.isEmpty()) {
                return Future.succeededFuture(outputs);
            }
            return noAnswer(instance, assignment, failures);
        });
    }

    /** The experts actually called (a sequential dispatch may stop early) and their outputs. */
    private record Dispatched(Assignment assignment, List<ExpertOutput> outputs) {}

    private static <T> Future<T> noAnswer(Instance instance, Assignment assignment, List<Throwable> failures) {
        boolean allUnrecorded = !failures.isEmpty() && failures.stream().allMatch(
                t -> t instanceof GenerationException g && g.kind() == GenerationException.Kind.NOT_FOUND);
        if (allUnrecorded) {
            return Future.failedFuture(failures.getFirst());
        }
        return Future.failedFuture(new PipelineException(PipelineException.Reason.NO_HEALTHY_EXPERT,
                "no healthy expert could answer " + instance.id() + " (tried "
                        + assignment.distinctModels() + " and candidates " + assignment.candidates() + "): "
                        + (failures.isEmpty() ? "unknown" : failures.getLast().getMessage())));
    }

    /**
     * Adaptive k ({@code recruiter: sequential}): calls the recruited experts one at a time, strongest first, and
     * stops as soon as the vote posterior of the leading answer clears the threshold, so the assignment handed on
     * (and shown in provenance and usage) holds only the experts that were called. A failed expert moves to the
     * next candidate as in {@link #dispatch}; one that still fails counts as an abstention against the budget.
     */
    private Future<Dispatched> dispatchSequential(Instance instance, Assignment assignment, Prompt prompt,
                                                  Map<String, String> rerouted, SequentialStop stop) {
        Set<String> recruited = new HashSet<>(assignment.distinctModels());
        List<String> spare = new ArrayList<>();
        for (String c : assignment.candidates()) {
            if (!recruited.contains(c)) {
                spare.add(c);
            }
        }
        AnswerExtractor extractor = AnswerExtractors.forFormat(instance.task().answerFormat(), extraction);
        var state = new SequentialState(instance, assignment, prompt, rerouted, stop, spare, extractor,
                CompetenceEstimate.options(instance));
        return step(state, 0);
    }

    /** What a sequential dispatch has gathered so far; its callbacks run one after another, never together. */
    private record SequentialState(Instance instance, Assignment assignment, Prompt prompt,
                                   Map<String, String> rerouted, SequentialStop stop, List<String> spare,
                                   AnswerExtractor extractor, int options, List<RecruitedExpert> called,
                                   List<ExpertOutput> outputs, List<SequentialStop.Vote> votes,
                                   List<Throwable> failures) {
        SequentialState(Instance instance, Assignment assignment, Prompt prompt, Map<String, String> rerouted,
                        SequentialStop stop, List<String> spare, AnswerExtractor extractor, int options) {
            this(instance, assignment, prompt, rerouted, stop, spare, extractor, options, new ArrayList<>(),
                    new ArrayList<>(), new ArrayList<>(), java.util.Collections.synchronizedList(new ArrayList<>()));
        }
    }

    private Future<Dispatched> step(SequentialState s, int i) {
        if (i >= s.assignment().experts().size()) {
            return finish(s);
        }
        RecruitedExpert e = s.assignment().experts().get(i);
        return runWithFallback(e.modelId(), 1, s.prompt(), s.spare(), s.rerouted(), s.extractor(), s.failures())
                .transform(ar -> {
                    s.called().add(e);
                    if (ar.succeeded()) {
                        s.outputs().addAll(ar.result());
                        ar.result().forEach(o -> s.votes().add(new SequentialStop.Vote(e.weight(), o.extractedAnswer())));
                    } else {
                        s.votes().add(new SequentialStop.Vote(e.weight(), java.util.Optional.empty()));
                    }
                    return s.stop().stop(s.votes(), s.options()) ? finish(s) : step(s, i + 1);
                });
    }

    private static Future<Dispatched> finish(SequentialState s) {
        Assignment a = s.assignment();
        List<String> unused = new ArrayList<>();
        for (RecruitedExpert e : a.experts().subList(s.called().size(), a.experts().size())) {
            unused.add(e.modelId());
        }
        unused.addAll(a.candidates());
        Assignment called = new Assignment(a.instanceId(), a.skills(), s.called(), unused, a.aggregatorId());
        if (s.outputs().isEmpty()) {
            return noAnswer(s.instance(), called, s.failures());
        }
        return Future.succeededFuture(new Dispatched(called, List.copyOf(s.outputs())));
    }

    private Future<List<ExpertOutput>> runWithFallback(String model, int draws, Prompt prompt, List<String> spare,
                                                       Map<String, String> rerouted, AnswerExtractor extractor,
                                                       List<Throwable> failures) {
        List<Prompt> batch = java.util.Collections.nCopies(draws, prompt);
        long start = System.nanoTime();
        Promise<List<ExpertOutput>> promise = Promise.promise();
        experts.generate(model, batch, expertParams).whenComplete((gens, err) -> {
            if (err == null) {
                Duration latency = Duration.ofNanos(System.nanoTime() - start);
                List<ExpertOutput> outs = new ArrayList<>(gens.size());
                for (Generation g : gens) {
                    outs.add(new ExpertOutput(model, prompt.instanceId(), g.text(), extractor.extract(g.text()).answer(),
                            g.tokens(), latency));
                }
                promise.complete(outs);
                return;
            }
            Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            failures.add(cause);
            String next;
            synchronized (spare) {
                next = spare.isEmpty() ? null : spare.removeFirst();
            }
            if (next == null) {
                promise.fail(cause);
                return;
            }
            synchronized (rerouted) {
                rerouted.put(model, next);
            }
            runWithFallback(next, draws, prompt, spare, rerouted, extractor, failures).onComplete(promise);
        });
        return promise.future();
    }
}
