package io.symoe.aggregator.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Merges the outputs of an instance's recruited experts into one answer. Strategies are built from config by
 * {@link io.symoe.aggregator.Aggregators}.
 *
 * <p>Failures (a bad request, or an aggregator model that fails and cannot be fallen back from) complete the
 * stage exceptionally; a model-calling strategy whose call fails falls back to the vote and says so in
 * {@link AggregationProvenance#fallbackReason()}.
 */
public interface Aggregator {

    /** The strategy's name as it appears in {@code Answer.strategy} (kebab-case, as in the YAML). */
    String name();

    CompletionStage<AggregationResult> aggregate(AggregationRequest request);

    /**
     * Aggregates many instances; results in request order. Strategies that call a model override it to send
     * one batch per aggregator model (Symbolic-MoE batches by model so each is loaded once).
     */
    default CompletionStage<List<AggregationResult>> aggregateAll(List<AggregationRequest> requests) {
        List<CompletableFuture<AggregationResult>> futures = new ArrayList<>(requests.size());
        for (AggregationRequest r : requests) {
            futures.add(aggregate(r).toCompletableFuture());
        }
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(v -> futures.stream().map(CompletableFuture::join).toList());
    }
}
