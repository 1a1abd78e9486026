package io.symoe.aggregator.strategy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How an answer was reached.
 *
 * @param strategy         the strategy's name (e.g. "majority-vote", "llm-synthesis")
 * @param ballots          each expert's extracted answer and competence weight, in output order
 * @param tally            the vote over the experts' answers (computed for every strategy: a synthesis reports
 *                         it too, so a reader can see whether the aggregator overruled the majority)
 * @param agreeing         the experts whose extracted answer equals the final answer
 * @param modelCalled      whether an aggregator model was called
 * @param aggregatorModel  the model called, when one was
 * @param consensusSkipped the experts were unanimous and the model call was skipped
 * @param selfMoa          Self-MoA's choices (N, w, order), for the Self-MoA strategies
 * @param fallbackReason   why the answer fell back to the vote (the aggregator call failed or gave no
 *                         extractable answer), when it did
 * @param learned          the learned aggregator's candidate scores, for that strategy
 */
public record AggregationProvenance(String strategy, List<Ballot> ballots, VoteTally tally, List<String> agreeing,
                                    boolean modelCalled, Optional<String> aggregatorModel, boolean consensusSkipped,
                                    Optional<SelfMoaChoice> selfMoa, Optional<String> fallbackReason,
                                    Optional<LearnedChoice> learned) {
    public AggregationProvenance {
        Objects.requireNonNull(strategy, "strategy");
        ballots = List.copyOf(ballots);
        Objects.requireNonNull(tally, "tally");
        agreeing = List.copyOf(agreeing);
        aggregatorModel = aggregatorModel == null ? Optional.empty() : aggregatorModel;
        selfMoa = selfMoa == null ? Optional.empty() : selfMoa;
        fallbackReason = fallbackReason == null ? Optional.empty() : fallbackReason;
        learned = learned == null ? Optional.empty() : learned;
    }

    /** The provenance of every strategy but the learned one. */
    public AggregationProvenance(String strategy, List<Ballot> ballots, VoteTally tally, List<String> agreeing,
                                 boolean modelCalled, Optional<String> aggregatorModel, boolean consensusSkipped,
                                 Optional<SelfMoaChoice> selfMoa, Optional<String> fallbackReason) {
        this(strategy, ballots, tally, agreeing, modelCalled, aggregatorModel, consensusSkipped, selfMoa,
                fallbackReason, Optional.empty());
    }

    /** Vote counts as plain numbers, answer → support. */
    public Map<String, Double> votes() {
        return tally.support();
    }
}
