package io.symoe.orchestrator.pipeline;

import io.symoe.core.RecruitedExpert;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Online dispatch: each recruited model gets its draws as one batch through the pool's online scheduler, so
 * concurrent requests for the same expert are grouped; failed experts move to the next candidates.
 */
final class GroupedDispatch implements Dispatcher {
    private final ExpertCalls calls;

    GroupedDispatch(ExpertCalls calls) {
        this.calls = calls;
    }

    @Override
    public Future<Dispatched> dispatch(List<Dispatch.Routed> routed) {
        List<Future<Dispatch>> each = routed.stream().map(this::one).toList();
        return Future.all(each).map(done -> new Dispatched(each.stream().map(Future::result).toList(), 0));
    }

    private Future<Dispatch> one(Dispatch.Routed r) {
        Map<String, Integer> drawsPerModel = new LinkedHashMap<>();
        for (RecruitedExpert e : r.assignment().experts()) {
            drawsPerModel.merge(e.modelId(), 1, Integer::sum);
        }
        List<ExpertCalls.Draws> first = new ArrayList<>();
        drawsPerModel.forEach((model, draws) -> first.add(new ExpertCalls.Draws(first.size(), model, draws)));
        return calls.call(r.instance(), r.prompt(), first, ExpertCalls.Attempt.start(ExpertCalls.spares(r.assignment())))
                .map(a -> {
                    List<io.symoe.aggregator.strategy.RawExpertOutput> outputs = a.outputs();
                    return new Dispatch(r.assignment(), outputs, a.reroutes(), outputs.isEmpty()
                            ? ExpertCalls.noAnswer(r.instance(), r.assignment(), a.failures()) : null);
                });
    }
}
