package io.symoe.aggregator.learned;

import io.symoe.core.RecruitedExpert;
import io.symoe.core.recorded.RecordedOutcome;
import io.symoe.core.recorded.RecordedQuestion;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The votes a recorded question's recruited experts cast: their recorded answers and texts, with the recruiter's weights. */
public final class RecordedVotes {
    private RecordedVotes() {}

    /**
     * @param experts the recruited experts in recruiting order
     * @param team    how many of them answer (the first {@code team})
     */
    public static List<ExpertVote> of(RecordedQuestion q, List<RecruitedExpert> experts, int team) {
        List<ExpertVote> out = new ArrayList<>(Math.min(team, experts.size()));
        for (RecruitedExpert e : experts.subList(0, Math.min(team, experts.size()))) {
            RecordedOutcome o = q.outcomes().get(e.modelId());
            // A missing record (the harness scored it wrong) or no extracted answer: the expert abstains.
            out.add(new ExpertVote(e.modelId(), e.weight(),
                    o == null ? Optional.empty() : Optional.ofNullable(o.prediction()), o == null ? "" : o.text()));
        }
        return out;
    }
}
