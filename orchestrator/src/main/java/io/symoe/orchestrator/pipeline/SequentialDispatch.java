package io.symoe.orchestrator.pipeline;

import io.symoe.aggregator.extract.ExtractionMode;
import io.symoe.aggregator.strategy.RawExpertOutput;
import io.symoe.core.Assignment;
import io.symoe.core.RecruitedExpert;
import io.symoe.skillrouter.recruit.CompetenceEstimate;
import io.symoe.skillrouter.recruit.CostAwareStop;
import io.symoe.skillrouter.recruit.SequentialStop;
import io.symoe.skillrouter.recruit.StopRule;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Adaptive k ({@code recruiter: sequential}): calls the recruited experts one at a time, strongest first, and
 * stops as soon as its {@link StopRule} says so (the leader's posterior clears the threshold, or more experts are
 * not worth a call), so the assignment handed on
 * (and shown in provenance and usage) holds only the experts that were called. A failed expert moves to the
 * next candidate as in {@link GroupedDispatch}; one that still fails counts as an abstention against the budget.
 */
final class SequentialDispatch implements Dispatcher {
    private final ExpertCalls calls;
    private final StopRule stop;
    private final ExtractionMode extraction;

    /** @param extraction how the stop rule reads each answer: the aggregator module's extractors, as aggregation reads them */
    SequentialDispatch(ExpertCalls calls, StopRule stop, ExtractionMode extraction) {
        this.calls = calls;
        this.stop = stop;
        this.extraction = extraction;
    }

    @Override
    public Future<Dispatched> dispatch(List<Dispatch.Routed> routed) {
        List<Future<Dispatch>> each = routed.stream().map(r -> step(r, 0, State.start(r))).toList();
        return Future.all(each).map(done -> new Dispatched(each.stream().map(Future::result).toList(), 0));
    }

    /** What the steps have gathered so far; each step makes a new one. */
    private record State(List<RecruitedExpert> called, ExpertCalls.Attempt attempt, List<SequentialStop.Vote> votes,
                         int options) {
        static State start(Dispatch.Routed r) {
            return new State(List.of(), ExpertCalls.Attempt.start(ExpertCalls.spares(r.assignment())), List.of(),
                    CompetenceEstimate.options(r.instance()));
        }
    }

    private Future<Dispatch> step(Dispatch.Routed r, int i, State s) {
        List<RecruitedExpert> experts = r.assignment().experts();
        if (i >= experts.size()) {
            return Future.succeededFuture(finish(r, s));
        }
        RecruitedExpert e = experts.get(i);
        // A fresh slot per step, so the outputs come back in the order the experts were called.
        var draws = List.of(new ExpertCalls.Draws(i, e.modelId(), 1));
        return calls.call(r.instance(), r.prompt(), draws, s.attempt()).compose(a -> {
            List<RawExpertOutput> mine = a.bySlot().getOrDefault(i, List.of());
            List<SequentialStop.Vote> votes = new ArrayList<>(s.votes());
            if (mine.isEmpty()) {
                votes.add(new SequentialStop.Vote(e.weight(), Optional.empty()));
            }
            var format = r.instance().task().answerFormat();
            mine.forEach(o -> votes.add(new SequentialStop.Vote(e.weight(), o.read(format, extraction).extractedAnswer())));
            List<RecruitedExpert> called = new ArrayList<>(s.called());
            called.add(e);
            State next = new State(List.copyOf(called), a, List.copyOf(votes), s.options());
            // Every call is priced 1: the served expected-gain rule's value is in calls.
            List<CostAwareStop.Next> upcoming = experts.subList(i + 1, experts.size()).stream()
                    .map(x -> new CostAwareStop.Next(x.weight(), 1)).toList();
            return stop.stopAfter(next.votes(), next.called().size(), upcoming, next.options())
                    ? Future.succeededFuture(finish(r, next)) : step(r, i + 1, next);
        });
    }

    private static Dispatch finish(Dispatch.Routed r, State s) {
        Assignment a = r.assignment();
        List<String> unused = new ArrayList<>();
        for (RecruitedExpert e : a.experts().subList(s.called().size(), a.experts().size())) {
            unused.add(e.modelId());
        }
        unused.addAll(a.candidates());
        Assignment called = new Assignment(a.instanceId(), a.skills(), s.called(), unused, a.aggregatorId());
        List<RawExpertOutput> outputs = s.attempt().outputs();
        return new Dispatch(called, outputs, s.attempt().reroutes(),
                outputs.isEmpty() ? ExpertCalls.noAnswer(r.instance(), called, s.attempt().failures()) : null);
    }
}
