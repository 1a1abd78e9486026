package io.symoe.orchestrator.pipeline;

import io.symoe.aggregator.extract.ExtractionMode;
import io.symoe.aggregator.strategy.RawExpertOutput;
import io.symoe.core.Assignment;
import io.symoe.core.RecruitedExpert;
import io.symoe.core.generation.GenerationParams;
import io.symoe.modelpool.pool.ModelPool;
import io.vertx.core.Context;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Adaptive k for a batch: the sequential stop rule with Symbolic-MoE's batching. Round r sends every still-open
 * instance's r-th expert through the pool's offline plan at once (so each model is loaded at most once per round,
 * at most k rounds), then the stop rule closes the instances whose leader is clear. Each instance is stepped
 * exactly as {@link SequentialDispatch} steps a chat request ({@link SequentialState}), so, when no expert fails,
 * a question gets the same experts and answer from a batch as from {@code /v1/chat/completions}.
 */
final class SequentialRoundsDispatch implements Dispatcher {
    private final ModelPool pool;
    private final GenerationParams params;
    private final Context context;
    private final AdaptiveStop stop;
    private final ExtractionMode extraction;

    SequentialRoundsDispatch(ModelPool pool, GenerationParams params, Context context, AdaptiveStop stop,
                             ExtractionMode extraction) {
        this.pool = pool;
        this.params = params;
        this.context = context;
        this.stop = stop;
        this.extraction = extraction;
    }

    @Override
    public Future<Dispatched> dispatch(List<Dispatch.Routed> routed) {
        return round(routed, routed.stream().map(SequentialState::start).toList(), 0);
    }

    private Future<Dispatched> round(List<Dispatch.Routed> routed, List<SequentialState> states, int loads) {
        List<Integer> open = new ArrayList<>();
        List<Dispatch.Routed> step = new ArrayList<>();
        for (int j = 0; j < routed.size(); j++) {
            Dispatch.Routed r = routed.get(j);
            SequentialState s = states.get(j);
            if (!s.done(r, stop)) {
                open.add(j);
                step.add(nextExpertOnly(r, s));
            }
        }
        if (open.isEmpty()) {
            List<Dispatch> done = new ArrayList<>(routed.size());
            for (int j = 0; j < routed.size(); j++) {
                done.add(states.get(j).finish(routed.get(j)));
            }
            return Future.succeededFuture(new Dispatched(done, loads));
        }
        return new PlannedDispatch(pool, params, context).dispatch(step).compose(d -> {
            List<SequentialState> next = new ArrayList<>(states);
            for (int o = 0; o < open.size(); o++) {
                int j = open.get(o);
                next.set(j, advance(routed.get(j), states.get(j), d.items().get(o)));
            }
            return round(routed, List.copyOf(next), loads + d.loads());
        });
    }

    /**
     * The instance with only its next expert recruited; its candidates are the spares not used yet, so a failed
     * expert is replaced by the same model the online path would pick.
     */
    private static Dispatch.Routed nextExpertOnly(Dispatch.Routed r, SequentialState s) {
        Assignment a = r.assignment();
        RecruitedExpert e = a.experts().get(s.called().size());
        Assignment one = new Assignment(a.instanceId(), a.skills(), List.of(e), s.attempt().spare(), a.aggregatorId());
        return new Dispatch.Routed(r.instance(), one, r.prompt());
    }

    /** Folds one round's dispatch of the instance's next expert into its state. */
    private SequentialState advance(Dispatch.Routed r, SequentialState s, Dispatch d) {
        int slot = s.called().size();
        RecruitedExpert e = r.assignment().experts().get(slot);
        ExpertCalls.Attempt was = s.attempt();
        var bySlot = new TreeMap<>(was.bySlot());
        if (!d.outputs().isEmpty()) {
            bySlot.put(slot, d.outputs());
        }
        var reroutes = new ArrayList<>(was.reroutes());
        reroutes.addAll(d.reroutes());
        var failures = new ArrayList<>(was.failures());
        if (d.failure() != null) {
            failures.add(d.failure());
        }
        var spare = new ArrayList<>(was.spare());
        d.reroutes().forEach(x -> spare.remove(x.replacement()));
        var attempt = new ExpertCalls.Attempt(bySlot, List.copyOf(reroutes), List.copyOf(failures), List.copyOf(spare));
        List<RawExpertOutput> mine = d.outputs();
        return s.after(r, e, attempt, mine, extraction);
    }
}
