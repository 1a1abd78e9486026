package io.symoe.aggregator.strategy;

import io.symoe.aggregator.extract.AnswerExtractors;
import io.symoe.aggregator.extract.ExtractionMode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Consensus skip: when all k (≥ 2) experts extract the same answer, return it without calling the wrapped
 * aggregator — an aggregator model would at best confirm it, at the cost of one more (long-prompt) generation.
 * Otherwise delegates. One expert alone is not a consensus and is passed on.
 */
public final class ConsensusSkippingAggregator implements Aggregator {
    private final Aggregator inner;
    private final ExtractionMode mode;

    public ConsensusSkippingAggregator(Aggregator inner, ExtractionMode mode) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    @Override
    public String name() {
        return inner.name();
    }

    /** The unanimous result, or empty when the experts do not all agree. */
    Optional<AggregationResult> consensus(AggregationRequest request) {
        List<Ballot> ballots = Ballots.of(request,
                AnswerExtractors.forFormat(request.instance().task().answerFormat(), mode));
        VoteTally tally = VoteTally.count(ballots, false, TieBreak.FIRST_SEEN);
        if (!tally.unanimous()) {
            return Optional.empty();
        }
        return Optional.of(VoteAggregator.result(request, name(), ballots, tally, true, Optional.empty()));
    }

    @Override
    public CompletionStage<AggregationResult> aggregate(AggregationRequest request) {
        Optional<AggregationResult> skip;
        try {
            skip = consensus(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return skip.<CompletionStage<AggregationResult>>map(CompletableFuture::completedFuture)
                .orElseGet(() -> inner.aggregate(request));
    }

    @Override
    public CompletionStage<List<AggregationResult>> aggregateAll(List<AggregationRequest> requests) {
        AggregationResult[] out = new AggregationResult[requests.size()];
        List<AggregationRequest> forwarded = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        try {
            for (int i = 0; i < requests.size(); i++) {
                Optional<AggregationResult> skip = consensus(requests.get(i));
                if (skip.isPresent()) {
                    out[i] = skip.get();
                } else {
                    forwarded.add(requests.get(i));
                    at.add(i);
                }
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (forwarded.isEmpty()) {
            return CompletableFuture.completedFuture(List.of(out));
        }
        return inner.aggregateAll(forwarded).thenApply(results -> {
            for (int j = 0; j < results.size(); j++) {
                out[at.get(j)] = results.get(j);
            }
            return List.of(out);
        });
    }
}
