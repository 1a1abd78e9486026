package io.symoe.orchestrator.pipeline;

import io.symoe.aggregator.extract.ExtractionMode;
import io.symoe.aggregator.strategy.RawExpertOutput;
import io.symoe.core.RecruitedExpert;
import io.vertx.core.Future;

import java.util.List;

/**
 * Adaptive k ({@code recruiter: sequential}): calls the recruited experts one at a time, strongest first, and
 * stops as soon as its {@link AdaptiveStop} says so (the leader's posterior clears the threshold, or more experts are
 * not worth a call), so the assignment handed on
 * (and shown in provenance and usage) holds only the experts that were called. A failed expert moves to the
 * next candidate as in {@link GroupedDispatch}; one that still fails counts as an abstention against the budget.
 */
final class SequentialDispatch implements Dispatcher {
    private final ExpertCalls calls;
    private final AdaptiveStop stop;
    private final ExtractionMode extraction;

    /** @param extraction how the stop rule reads each answer: the aggregator module's extractors, as aggregation reads them */
    SequentialDispatch(ExpertCalls calls, AdaptiveStop stop, ExtractionMode extraction) {
        this.calls = calls;
        this.stop = stop;
        this.extraction = extraction;
    }

    @Override
    public Future<Dispatched> dispatch(List<Dispatch.Routed> routed) {
        List<Future<Dispatch>> each = routed.stream().map(r -> step(r, SequentialState.start(r))).toList();
        return Future.all(each).map(done -> new Dispatched(each.stream().map(Future::result).toList(), 0));
    }

    private Future<Dispatch> step(Dispatch.Routed r, SequentialState s) {
        if (s.done(r, stop)) {
            return Future.succeededFuture(s.finish(r));
        }
        int i = s.called().size();
        RecruitedExpert e = r.assignment().experts().get(i);
        // A fresh slot per step, so the outputs come back in the order the experts were called.
        var draws = List.of(new ExpertCalls.Draws(i, e.modelId(), 1));
        return calls.call(r.instance(), r.prompt(), draws, s.attempt()).compose(a -> {
            List<RawExpertOutput> mine = a.bySlot().getOrDefault(i, List.of());
            return step(r, s.after(r, e, a, mine, extraction));
        });
    }
}
