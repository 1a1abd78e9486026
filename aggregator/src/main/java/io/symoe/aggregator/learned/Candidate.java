package io.symoe.aggregator.learned;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One distinct answer of a question's experts and its stacking features.
 *
 * @param answer     the answer
 * @param supporters the experts that gave it, in recruiting order
 * @param features   feature name → value (sorted by name, so a model sees the same order every time)
 */
public record Candidate(String answer, List<String> supporters, Map<String, Double> features) {
    public Candidate {
        Objects.requireNonNull(answer, "answer");
        supporters = List.copyOf(supporters);
        features = java.util.Collections.unmodifiableMap(new TreeMap<>(features));
    }
}
