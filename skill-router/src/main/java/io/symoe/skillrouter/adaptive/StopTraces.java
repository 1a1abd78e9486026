package io.symoe.skillrouter.adaptive;

import io.symoe.core.Assignment;
import io.symoe.core.Instance;
import io.symoe.core.RecruitedExpert;
import io.symoe.core.recorded.RecordedOutcome;
import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.skillrouter.Router;
import io.symoe.skillrouter.eval.RoutingEvaluation;
import io.symoe.skillrouter.recruit.CompetenceEstimate;
import io.symoe.skillrouter.recruit.SequentialStop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Traces of recorded questions: route each one (the router's profiler must not see the question's own outcome,
 * e.g. a leave-one-out profiler, or profiles from other folds) and read its recruited experts' recorded answers in
 * recruiting order. An expert without a recording of the question abstains, as a failed call would.
 */
public final class StopTraces {
    private StopTraces() {}

    public static List<StopTrace> of(Router router, List<RecordedQuestion> questions) {
        Map<String, RecordedQuestion> distinct = new LinkedHashMap<>();
        for (RecordedQuestion q : questions) {
            if (q.gold() != null) {
                distinct.putIfAbsent(q.id(), q);
            }
        }
        List<Instance> instances = distinct.values().stream().map(RoutingEvaluation::instance).toList();
        List<Assignment> routed = router.route(instances);
        List<StopTrace> traces = new ArrayList<>(routed.size());
        int i = 0;
        for (RecordedQuestion q : distinct.values()) {
            Assignment a = routed.get(i);
            traces.add(of(q, a.experts(), CompetenceEstimate.options(instances.get(i))));
            i++;
        }
        return traces;
    }

    /** One question's trace from its recruited experts, in their order. */
    public static StopTrace of(RecordedQuestion q, List<RecruitedExpert> experts, int options) {
        List<SequentialStop.Vote> votes = new ArrayList<>(experts.size());
        for (RecruitedExpert e : experts) {
            RecordedOutcome o = q.outcomes().get(e.modelId());
            votes.add(new SequentialStop.Vote(e.weight(),
                    o == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(o.prediction())));
        }
        return new StopTrace(votes, q.gold(), options);
    }
}
