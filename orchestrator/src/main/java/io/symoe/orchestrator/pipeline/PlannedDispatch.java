package io.symoe.orchestrator.pipeline;

import io.symoe.aggregator.strategy.RawExpertOutput;
import io.symoe.core.Assignment;
import io.symoe.core.generation.Generation;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Prompt;
import io.symoe.modelpool.pool.BatchOutcome;
import io.symoe.modelpool.pool.ModelPool;
import io.vertx.core.Context;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Offline dispatch, Symbolic-MoE's way: every recruited model runs once with all of its prompts, in the order
 * the pool's offline scheduler plans to minimise loads; the pool moves a failed model's draws to the next
 * candidate and reports it as a reassignment.
 */
final class PlannedDispatch implements Dispatcher {
    private final ModelPool pool;
    private final GenerationParams params;
    private final Context context;

    PlannedDispatch(ModelPool pool, GenerationParams params, Context context) {
        this.pool = pool;
        this.params = params;
        this.context = context;
    }

    @Override
    public Future<Dispatched> dispatch(List<Dispatch.Routed> routed) {
        Map<String, Prompt> prompts = new LinkedHashMap<>();
        List<Assignment> assignments = new ArrayList<>();
        for (Dispatch.Routed r : routed) {
            prompts.put(r.instance().id(), r.prompt());
            assignments.add(r.assignment());
        }
        return Future.fromCompletionStage(pool.runBatch(assignments, prompts, params), context)
                .map(outcome -> {
                    Map<String, String> unservedReason = new HashMap<>();
                    outcome.unserved().forEach(u -> unservedReason.putIfAbsent(u.instanceId(), u.reason()));
                    Map<String, List<Reroute>> reroutes = new HashMap<>();
                    outcome.reassignments().forEach(x -> reroutes.computeIfAbsent(x.instanceId(), k -> new ArrayList<>())
                            .add(new Reroute(x.fromModel(), x.toModel())));
                    return new Dispatched(routed.stream().map(r -> one(r, outcome, reroutes, unservedReason)).toList(),
                            outcome.loads());
                });
    }

    private Dispatch one(Dispatch.Routed r, BatchOutcome outcome, Map<String, List<Reroute>> reroutes,
                         Map<String, String> unservedReason) {
        String id = r.instance().id();
        List<RawExpertOutput> outputs = new ArrayList<>();
        for (Generation g : outcome.generations().getOrDefault(id, List.of())) {
            if (g != null) {
                outputs.add(new RawExpertOutput(g.modelId(), id, g.text(), g.tokens(), g.latency()));
            }
        }
        return new Dispatch(r.assignment(), outputs, reroutes.getOrDefault(id, List.of()), outputs.isEmpty()
                ? new PipelineException(PipelineException.Reason.NO_HEALTHY_EXPERT,
                        "no expert could answer: " + unservedReason.getOrDefault(id, "unserved"))
                : null);
    }
}
