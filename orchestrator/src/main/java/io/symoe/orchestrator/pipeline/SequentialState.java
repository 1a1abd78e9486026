package io.symoe.orchestrator.pipeline;

import io.symoe.aggregator.extract.ExtractionMode;
import io.symoe.aggregator.learned.ExpertVote;
import io.symoe.aggregator.strategy.RawExpertOutput;
import io.symoe.core.Assignment;
import io.symoe.core.RecruitedExpert;
import io.symoe.skillrouter.recruit.CompetenceEstimate;
import io.symoe.skillrouter.recruit.SequentialStop;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where one instance stands under adaptive k: the experts called so far, what the calls gathered, and the votes
 * the stop rule reads. The online ({@link SequentialDispatch}) and batch ({@link SequentialRoundsDispatch}) paths
 * both step it the same way, so a question gets the same experts and answer either way. Each step makes a new
 * value: nothing is shared between callbacks.
 */
record SequentialState(List<RecruitedExpert> called, ExpertCalls.Attempt attempt, List<ExpertVote> expertVotes,
                       int options) {

    static SequentialState start(Dispatch.Routed r) {
        return new SequentialState(List.of(), ExpertCalls.Attempt.start(ExpertCalls.spares(r.assignment())), List.of(),
                CompetenceEstimate.options(r.instance()));
    }

    /**
     * After expert {@code e} was called: {@code attempt} holds everything gathered so far, {@code mine} what this
     * call (or its replacement) answered; none is an abstention that still counts against the budget.
     */
    SequentialState after(Dispatch.Routed r, RecruitedExpert e, ExpertCalls.Attempt attempt, List<RawExpertOutput> mine,
                          ExtractionMode extraction) {
        // The learned rule reads who answered and the text too, as the learned aggregator does.
        List<ExpertVote> next = new ArrayList<>(expertVotes);
        if (mine.isEmpty()) {
            next.add(new ExpertVote(e.modelId(), e.weight(), Optional.empty(), ""));
        }
        var format = r.instance().task().answerFormat();
        for (RawExpertOutput o : mine) {
            next.add(new ExpertVote(o.modelId(), e.weight(), o.read(format, extraction).extractedAnswer(),
                    o.text()));
        }
        List<RecruitedExpert> calledNow = new ArrayList<>(called);
        calledNow.add(e);
        return new SequentialState(List.copyOf(calledNow), attempt, List.copyOf(next), options);
    }

    /** The weighted answers the vote-posterior rules read: each call's weight and extracted answer. */
    List<SequentialStop.Vote> votes() {
        return expertVotes.stream().map(v -> new SequentialStop.Vote(v.weight(), v.answer())).toList();
    }

    /** Whether no further expert of {@code r}'s assignment is to be called. */
    boolean done(Dispatch.Routed r, AdaptiveStop stop) {
        List<RecruitedExpert> experts = r.assignment().experts();
        int i = called.size();
        if (i >= experts.size()) {
            return true;
        }
        if (i == 0) {
            return false;
        }
        return stop.stopAfter(this, experts.subList(i, experts.size()));
    }

    /** The dispatch handed on: its assignment holds only the experts called, the rest become unused candidates. */
    Dispatch finish(Dispatch.Routed r) {
        Assignment a = r.assignment();
        List<String> unused = new ArrayList<>();
        for (RecruitedExpert e : a.experts().subList(called.size(), a.experts().size())) {
            unused.add(e.modelId());
        }
        unused.addAll(a.candidates());
        Assignment calledOnly = new Assignment(a.instanceId(), a.skills(), called, unused, a.aggregatorId());
        List<RawExpertOutput> outputs = attempt.outputs();
        return new Dispatch(calledOnly, outputs, attempt.reroutes(),
                outputs.isEmpty() ? ExpertCalls.noAnswer(r.instance(), calledOnly, attempt.failures()) : null);
    }
}
