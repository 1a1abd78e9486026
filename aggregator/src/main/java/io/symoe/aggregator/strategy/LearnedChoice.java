package io.symoe.aggregator.strategy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the learned aggregator saw, recorded in its provenance: each candidate answer's probability of being right
 * under the trained model, best first, and the size of the training set the model came from.
 *
 * @param scores            answer → probability right, best first
 * @param trainingQuestions questions the model was trained on
 */
public record LearnedChoice(Map<String, Double> scores, int trainingQuestions) {
    public LearnedChoice {
        scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
    }
}
