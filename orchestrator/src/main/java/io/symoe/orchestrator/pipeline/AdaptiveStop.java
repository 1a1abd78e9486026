package io.symoe.orchestrator.pipeline;

import io.symoe.aggregator.learned.StagedModel;
import io.symoe.core.RecruitedExpert;
import io.symoe.skillrouter.recruit.CostAwareStop;
import io.symoe.skillrouter.recruit.StopRule;

import java.util.List;

/**
 * What ends a {@code recruiter: sequential} instance's calls: skill-router's rule on the vote posterior, or the
 * learned aggregator's own posterior when the loaded {@code aggregator-model.json} has stages (then the answer
 * that stopped the calls is the one the learned aggregator gives, as {@code bench replay --cv}'s
 * {@code default-adaptive} rows measure it).
 */
sealed interface AdaptiveStop {
    /** Whether to stop after {@code s}'s calls, with {@code upcoming} not yet called. */
    boolean stopAfter(SequentialState s, List<RecruitedExpert> upcoming);

    /** The vote-posterior rule (threshold or expected gain), every call priced 1. */
    record Vote(StopRule rule) implements AdaptiveStop {
        @Override
        public boolean stopAfter(SequentialState s, List<RecruitedExpert> upcoming) {
            List<CostAwareStop.Next> next = upcoming.stream().map(x -> new CostAwareStop.Next(x.weight(), 1)).toList();
            return rule.stopAfter(s.votes(), s.called().size(), next, s.options());
        }
    }

    /** The staged learned rule: stop once the stage model's leader reaches its threshold. */
    record Learned(StagedModel model) implements AdaptiveStop {
        @Override
        public boolean stopAfter(SequentialState s, List<RecruitedExpert> upcoming) {
            return upcoming.isEmpty() || model.stop(s.expertVotes(), s.options());
        }
    }
}
