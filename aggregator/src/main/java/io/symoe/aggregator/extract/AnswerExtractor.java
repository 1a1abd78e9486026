package io.symoe.aggregator.extract;

/**
 * Extracts the final answer from a model's text under one answer format. Implementations are pure and
 * thread-safe; they strip a reasoning trace ({@link ReasoningTrace}) before reading.
 */
@FunctionalInterface
public interface AnswerExtractor {
    Extraction extract(String text);
}
