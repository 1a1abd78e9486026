package io.symoe.skillrouter.aggregator;

import java.util.List;

/**
 * One question of the synthetic aggregation benchmark (paper step 6): the question, three expert reasoning texts
 * (one correct, two incorrect, shuffled) and the gold answer an aggregator should recover.
 */
public record AggregationCase(String questionId, String question, List<String> responses, String gold) {
    public AggregationCase {
        responses = List.copyOf(responses);
        if (responses.isEmpty()) {
            throw new IllegalArgumentException("an aggregation case needs responses");
        }
        if (gold == null || gold.isBlank()) {
            throw new IllegalArgumentException("an aggregation case needs a gold answer");
        }
    }
}
