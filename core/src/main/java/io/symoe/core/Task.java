package io.symoe.core;

/**
 * A family of instances that share an answer format and, in the Symbolic-MoE method, an aggregator choice
 * (e.g. "mmlu-pro", "aime24", "gpqa").
 */
public record Task(String name, AnswerFormat answerFormat) {
    public Task {
        Checks.nonBlank(name, "task.name");
        Checks.nonNull(answerFormat, "task.answerFormat");
    }
}
