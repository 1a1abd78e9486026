package io.symoe.modelpool.pool;

import io.symoe.core.Assignment;
import io.symoe.core.RecruitedExpert;
import io.symoe.core.generation.Generation;
import io.symoe.core.generation.GenerationException;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Generator;
import io.symoe.core.generation.Prompt;
import io.symoe.modelpool.backend.ModelBackend;
import io.symoe.modelpool.residency.ResidencyManager;
import io.symoe.modelpool.schedule.FurthestNextUseEviction;
import io.symoe.modelpool.schedule.OfflinePlan;
import io.symoe.modelpool.schedule.OfflineScheduler;
import io.symoe.modelpool.schedule.Request;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The model pool as the rest of symoe sees it: a {@link Generator} whose calls make the model resident under
 * the memory budget before running the batch on its backend, plus {@link #runBatch}, which runs a whole batch of
 * assignments grouped by expert with the offline scheduler and re-recruits when an expert fails.
 *
 * <p>Resilience (retry, breaker, time limit, bulkhead) is inside each remote backend's calls; by the time a
 * failure reaches the pool it is final for that expert, so the pool moves the work to the next-best candidate.
 */
public final class ModelPool implements Generator, AutoCloseable {
    private final Map<String, ModelBackend> backendByModel;
    private final ResidencyManager residency;
    private final List<ModelBackend> backends;
    private final Map<String, Integer> outputCaps;

    public ModelPool(Map<String, ModelBackend> backendByModel, ResidencyManager residency) {
        this(backendByModel, residency, Map.of());
    }

    /**
     * @param outputCaps model id → the most tokens one call to it may generate (its {@code max-output-tokens});
     *                   a caller asking for more gets this many, so one pipeline-wide limit cannot overrun a
     *                   small model's configured cap. Models not named are not capped.
     */
    public ModelPool(Map<String, ModelBackend> backendByModel, ResidencyManager residency,
                     Map<String, Integer> outputCaps) {
        this.backendByModel = Map.copyOf(backendByModel);
        this.outputCaps = Map.copyOf(outputCaps);
        this.residency = Objects.requireNonNull(residency, "residency");
        this.backends = List.copyOf(new LinkedHashSet<>(this.backendByModel.values()));
        if (!residency.models().equals(this.backendByModel.keySet())) {
            throw new IllegalArgumentException("residency knows " + residency.models() + " but backends serve "
                    + this.backendByModel.keySet());
        }
    }

    /** The backend serving a pool model (e.g. to reach a llama-server backend's processes); null if not in the pool. */
    public ModelBackend backendOf(String modelId) {
        return backendByModel.get(modelId);
    }

    public ResidencyManager residency() {
        return residency;
    }

    public Set<String> models() {
        return backendByModel.keySet();
    }

    @Override
    public CompletionStage<List<Generation>> generate(String modelId, List<Prompt> prompts, GenerationParams params) {
        return generate(modelId, prompts, params, FurthestNextUseEviction.lru());
    }

    /** As {@link #generate(String, List, GenerationParams)}, evicting what {@code eviction} names when a swap is needed. */
    public CompletionStage<List<Generation>> generate(String modelId, List<Prompt> prompts, GenerationParams params,
                                                     io.symoe.modelpool.schedule.EvictionPolicy eviction) {
        ModelBackend backend = backendByModel.get(modelId);
        if (backend == null) {
            return CompletableFuture.failedFuture(new GenerationException(GenerationException.Kind.NOT_FOUND, modelId,
                    "model " + modelId + " is not in the pool " + backendByModel.keySet()));
        }
        if (prompts.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        return residency.acquire(modelId, eviction).thenCompose(lease -> {
            CompletionStage<List<Generation>> run;
            try {
                run = backend.generate(modelId, prompts, capped(modelId, params));
            } catch (RuntimeException e) {
                run = CompletableFuture.failedFuture(e);
            }
            return run.whenComplete((g, e) -> lease.close());
        });
    }

    private GenerationParams capped(String modelId, GenerationParams params) {
        Integer cap = outputCaps.get(modelId);
        return cap == null || params.maxTokens() <= cap ? params : params.withMaxTokens(cap);
    }

    private record Draw(String instanceId, int index, String modelId) {
        String requestId() {
            return instanceId + "#" + index;
        }
    }

    /** Mutable bookkeeping of one batch run; confined to the batch's sequential chain of stages. */
    private static final class Run {
        final Map<String, Assignment> assignments = new LinkedHashMap<>();
        final Map<String, Prompt> prompts;
        final GenerationParams params;
        final Map<String, Generation[]> results = new LinkedHashMap<>();
        final Map<String, Set<String>> failedFor = new HashMap<>();
        final Set<String> deadModels = new HashSet<>();
        final List<BatchOutcome.Reassignment> reassignments = new ArrayList<>();
        final List<BatchOutcome.Unserved> unserved = new ArrayList<>();
        final Set<String> neededAfter = new HashSet<>();
        final int loadsBefore;

        Run(Collection<Assignment> list, Map<String, Prompt> prompts, GenerationParams params, int loadsBefore) {
            this.prompts = prompts;
            this.params = params;
            this.loadsBefore = loadsBefore;
            for (Assignment a : list) {
                if (assignments.put(a.instanceId(), a) != null) {
                    throw new IllegalArgumentException("instance " + a.instanceId() + " assigned twice in one batch");
                }
                if (!prompts.containsKey(a.instanceId())) {
                    throw new IllegalArgumentException("no prompt for instance " + a.instanceId());
                }
                results.put(a.instanceId(), new Generation[a.experts().size()]);
                if (a.aggregatorId() != null) {
                    neededAfter.add(a.aggregatorId());
                }
            }
        }
    }

    /**
     * Runs every recruited draw of a batch, each model once with all its prompts (offline scheduler, Belady
     * eviction, aggregators kept resident at the end). When an expert fails for good, its draws move to the next
     * candidate of their assignment; when no candidate is left they are reported as unserved.
     *
     * @param prompts instance id → the prompt every expert of that instance answers
     */
    public CompletionStage<BatchOutcome> runBatch(List<Assignment> assignments, Map<String, Prompt> prompts,
                                                  GenerationParams params) {
        Run run;
        try {
            run = new Run(assignments, Map.copyOf(prompts), params, residency.loads());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        List<Draw> draws = new ArrayList<>();
        for (Assignment a : assignments) {
            List<RecruitedExpert> experts = a.experts();
            for (int i = 0; i < experts.size(); i++) {
                String model = experts.get(i).modelId();
                if (backendByModel.containsKey(model)) {
                    draws.add(new Draw(a.instanceId(), i, model));
                } else {
                    draws.addAll(reRecruit(run, new Draw(a.instanceId(), i, model), "model " + model + " is not in the pool"));
                }
            }
        }
        return rounds(run, draws).thenApply(v -> {
            Map<String, List<Generation>> out = new LinkedHashMap<>();
            run.results.forEach((instance, gens) -> {
                List<Generation> list = new ArrayList<>();
                for (Generation g : gens) {
                    if (g != null) {
                        list.add(g);
                    }
                }
                out.put(instance, List.copyOf(list));
            });
            return new BatchOutcome(out, run.reassignments, run.unserved, residency.loads() - run.loadsBefore);
        });
    }

    /** One planning round over the pending draws; substitutes of failed draws form the next round. */
    private CompletionStage<Void> rounds(Run run, List<Draw> pending) {
        if (pending.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Map<String, Draw> byRequest = new HashMap<>();
        List<Request> requests = new ArrayList<>();
        for (Draw d : pending) {
            byRequest.put(d.requestId(), d);
            requests.add(new Request(d.requestId(), d.modelId(), 0));
        }
        OfflinePlan plan = OfflineScheduler.plan(requests, residency.snapshot(), residency::footprint, run.neededAfter);
        List<String> order = plan.order();
        List<Draw> next = new ArrayList<>();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int i = 0; i < plan.steps().size(); i++) {
            OfflinePlan.Step step = plan.steps().get(i);
            int position = i;
            List<Draw> stepDraws = step.requests().stream().map(r -> byRequest.get(r.id())).toList();
            chain = chain.thenCompose(v -> runStep(run, step.modelId(), stepDraws, belady(order, position, run.neededAfter))
                    .thenAccept(next::addAll));
        }
        return chain.thenCompose(v -> rounds(run, next));
    }

    private static io.symoe.modelpool.schedule.EvictionPolicy belady(List<String> order, int position, Set<String> neededAfter) {
        Map<String, Integer> pos = new HashMap<>();
        for (int i = position; i < order.size(); i++) {
            pos.putIfAbsent(order.get(i), i);
        }
        return new FurthestNextUseEviction(m -> pos.containsKey(m) ? pos.get(m)
                : neededAfter.contains(m) ? order.size() : Double.POSITIVE_INFINITY);
    }

    /** Runs one model's draws; completes with the substitute draws for the ones that failed. */
    private CompletionStage<List<Draw>> runStep(Run run, String model, List<Draw> draws,
                                               io.symoe.modelpool.schedule.EvictionPolicy eviction) {
        if (run.deadModels.contains(model)) {
            List<Draw> subs = new ArrayList<>();
            draws.forEach(d -> subs.addAll(reRecruit(run, d, model + " already failed in this batch")));
            return CompletableFuture.completedFuture(subs);
        }
        List<Prompt> prompts = draws.stream().map(d -> run.prompts.get(d.instanceId())).toList();
        return generate(model, prompts, run.params, eviction).handle((gens, err) -> {
            if (err == null) {
                for (int i = 0; i < draws.size(); i++) {
                    record(run, draws.get(i), gens.get(i));
                }
                return CompletableFuture.completedFuture(List.<Draw>of());
            }
            GenerationException g = asGenerationException(model, err);
            boolean promptSpecific = g.kind() == GenerationException.Kind.NOT_FOUND
                    || g.kind() == GenerationException.Kind.CONTEXT_LENGTH;
            if (promptSpecific && draws.size() > 1) {
                // One prompt's problem (unrecorded question, too long) must not move the whole batch: isolate.
                CompletableFuture<List<Draw>> singles = CompletableFuture.completedFuture(new ArrayList<>());
                for (Draw d : draws) {
                    singles = singles.thenCompose(acc -> runStep(run, model, List.of(d), eviction).thenApply(subs -> {
                        acc.addAll(subs);
                        return acc;
                    }).toCompletableFuture());
                }
                return singles.thenApply(l -> (List<Draw>) l);
            }
            if (!promptSpecific) {
                run.deadModels.add(model);
            }
            List<Draw> subs = new ArrayList<>();
            draws.forEach(d -> subs.addAll(reRecruit(run, d, g.kind() + ": " + g.getMessage())));
            return CompletableFuture.completedFuture(subs);
        }).thenCompose(s -> s);
    }

    private static void record(Run run, Draw d, Generation g) {
        run.results.get(d.instanceId())[d.index()] = g;
    }

    /** The next candidate of the draw's assignment that has not failed for it and is not dead; or unserved. */
    private List<Draw> reRecruit(Run run, Draw failed, String reason) {
        Assignment a = run.assignments.get(failed.instanceId());
        Set<String> failedHere = run.failedFor.computeIfAbsent(failed.instanceId(), k -> new HashSet<>());
        failedHere.add(failed.modelId());
        Set<String> recruited = new HashSet<>();
        a.experts().forEach(e -> recruited.add(e.modelId()));
        run.reassignments.stream().filter(r -> r.instanceId().equals(failed.instanceId())).forEach(r -> recruited.add(r.toModel()));
        for (String candidate : a.candidates()) {
            if (!failedHere.contains(candidate) && !run.deadModels.contains(candidate)
                    && !recruited.contains(candidate) && backendByModel.containsKey(candidate)) {
                run.reassignments.add(new BatchOutcome.Reassignment(failed.instanceId(), failed.index(), failed.modelId(), candidate, reason));
                return List.of(new Draw(failed.instanceId(), failed.index(), candidate));
            }
        }
        run.unserved.add(new BatchOutcome.Unserved(failed.instanceId(), failed.index(), failed.modelId(),
                reason + "; no candidate left of " + a.candidates()));
        return List.of();
    }

    private static GenerationException asGenerationException(String model, Throwable err) {
        Throwable t = err;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof GenerationException g ? g
                : new GenerationException(GenerationException.Kind.PERMANENT, model, "generation on " + model + " failed: " + t, t);
    }

    @Override
    public void close() {
        backends.forEach(ModelBackend::close);
    }
}
