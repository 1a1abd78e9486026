package io.symoe.orchestrator.pipeline;

import io.symoe.aggregator.strategy.RawExpertOutput;
import io.symoe.core.Assignment;
import io.symoe.core.Instance;
import io.symoe.core.generation.GenerationException;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Generator;
import io.symoe.core.generation.Prompt;
import io.vertx.core.Context;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;

/**
 * Calls experts for one instance through the online scheduler and moves the draws of an expert that fails for
 * good to the next unused candidate. Fallback runs in rounds: every pending expert is called at once, and only
 * when the round is over are spares handed to the ones that failed, in assignment order. Each round's result is
 * a new {@link Attempt} value, so nothing is shared between callbacks and no lock is needed.
 */
final class ExpertCalls {
    /** {@code draws} prompts for {@code model}; {@code slot} keeps a replacement's outputs where the failed expert's were. */
    record Draws(int slot, String model, int draws) {}

    /**
     * What the calls gathered: outputs by slot, who was replaced, every failure in the order rounds saw them, and
     * the candidates still unused.
     */
    record Attempt(TreeMap<Integer, List<RawExpertOutput>> bySlot, List<Reroute> reroutes, List<Throwable> failures,
                   List<String> spare) {
        static Attempt start(List<String> spare) {
            return new Attempt(new TreeMap<>(), List.of(), List.of(), List.copyOf(spare));
        }

        List<RawExpertOutput> outputs() {
            List<RawExpertOutput> all = new ArrayList<>();
            bySlot.values().forEach(all::addAll);
            return all;
        }
    }

    private final Generator experts;
    private final GenerationParams params;
    private final Context context;

    /** @param context where every callback runs (the request's), so rounds never overlap */
    ExpertCalls(Generator experts, GenerationParams params, Context context) {
        this.experts = experts;
        this.params = params;
        this.context = context;
    }

    Future<Attempt> call(Instance instance, Prompt prompt, List<Draws> pending, Attempt soFar) {
        if (pending.isEmpty()) {
            return Future.succeededFuture(soFar);
        }
        List<Future<List<RawExpertOutput>>> calls = pending.stream().map(d -> generate(instance, prompt, d)).toList();
        return Future.join(calls).transform(ignored -> {
            var bySlot = new TreeMap<>(soFar.bySlot());
            var reroutes = new ArrayList<>(soFar.reroutes());
            var failures = new ArrayList<>(soFar.failures());
            var spare = new ArrayList<>(soFar.spare());
            List<Draws> next = new ArrayList<>();
            for (int i = 0; i < pending.size(); i++) {
                Draws d = pending.get(i);
                Future<List<RawExpertOutput>> f = calls.get(i);
                if (f.succeeded()) {
                    bySlot.computeIfAbsent(d.slot(), k -> new ArrayList<>()).addAll(f.result());
                    continue;
                }
                failures.add(unwrap(f.cause()));
                if (!spare.isEmpty()) {
                    String replacement = spare.removeFirst();
                    reroutes.add(new Reroute(d.model(), replacement));
                    next.add(new Draws(d.slot(), replacement, d.draws()));
                }
            }
            return call(instance, prompt, next, new Attempt(bySlot, List.copyOf(reroutes), List.copyOf(failures),
                    List.copyOf(spare)));
        });
    }

    private Future<List<RawExpertOutput>> generate(Instance instance, Prompt prompt, Draws d) {
        long start = System.nanoTime();
        return Future.fromCompletionStage(
                        experts.generate(d.model(), Collections.nCopies(d.draws(), prompt), params), context)
                .map(gens -> {
                    Duration latency = Duration.ofNanos(System.nanoTime() - start);
                    return gens.stream().map(g -> new RawExpertOutput(d.model(), instance.id(), g.text(), g.tokens(), latency))
                            .toList();
                });
    }

    private static Throwable unwrap(Throwable err) {
        return err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    }

    /** Why no expert answered: an unrecorded question in a replay pool (404) when that is all that failed, else 503. */
    static Throwable noAnswer(Instance instance, Assignment assignment, List<Throwable> failures) {
        boolean allUnrecorded = !failures.isEmpty() && failures.stream().allMatch(
                t -> t instanceof GenerationException g && g.kind() == GenerationException.Kind.NOT_FOUND);
        if (allUnrecorded) {
            return failures.getFirst();
        }
        return new PipelineException(PipelineException.Reason.NO_HEALTHY_EXPERT,
                "no healthy expert could answer " + instance.id() + " (tried "
                        + assignment.distinctModels() + " and candidates " + assignment.candidates() + "): "
                        + (failures.isEmpty() ? "unknown" : failures.getLast().getMessage()));
    }

    /** The assignment's candidates that are not already recruited, best first. */
    static List<String> spares(Assignment assignment) {
        List<String> spare = new ArrayList<>();
        for (String c : assignment.candidates()) {
            if (!assignment.distinctModels().contains(c)) {
                spare.add(c);
            }
        }
        return spare;
    }
}
