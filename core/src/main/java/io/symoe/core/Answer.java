package io.symoe.core;

import java.util.List;
import java.util.Optional;

/**
 * The merged answer for one instance, with its provenance.
 *
 * @param instanceId      the instance
 * @param text            the final text shown to the user
 * @param extractedAnswer the final answer under the task's format, empty when none could be extracted
 * @param strategy        the aggregation strategy that produced it (e.g. "majority-vote")
 * @param experts         the expert outputs it was merged from
 * @param aggregatorCalled whether a model call was made to merge (false for votes and consensus skips)
 */
public record Answer(String instanceId, String text, Optional<String> extractedAnswer, String strategy,
                     List<ExpertOutput> experts, boolean aggregatorCalled) {
    public Answer {
        Checks.nonBlank(instanceId, "answer.instanceId");
        Checks.nonNull(text, "answer.text");
        extractedAnswer = extractedAnswer == null ? Optional.empty() : extractedAnswer;
        Checks.nonBlank(strategy, "answer.strategy");
        experts = Checks.copyOf(experts, "answer.experts");
    }
}
