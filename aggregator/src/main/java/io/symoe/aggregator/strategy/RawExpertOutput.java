package io.symoe.aggregator.strategy;

import io.symoe.aggregator.extract.AnswerExtractors;
import io.symoe.aggregator.extract.ExtractionMode;
import io.symoe.core.AnswerFormat;
import io.symoe.core.ExpertOutput;
import io.symoe.core.TokenCounts;

import java.time.Duration;
import java.util.Objects;

/**
 * What an expert said, before any answer is read from it: the dispatcher's side of the hand-off to aggregation.
 * Reading the answer is the aggregator module's job ({@link #read}), so every caller reads it with the same
 * extractors (issue 19: the orchestrator used to reach into {@code extract} itself).
 */
public record RawExpertOutput(String modelId, String instanceId, String text, TokenCounts tokens, Duration latency) {
    public RawExpertOutput {
        Objects.requireNonNull(modelId, "raw.modelId");
        Objects.requireNonNull(instanceId, "raw.instanceId");
        Objects.requireNonNull(text, "raw.text");
    }

    /** This output with the answer the format's extractor reads from its text ({@code mode} picks the extractor). */
    public ExpertOutput read(AnswerFormat format, ExtractionMode mode) {
        return new ExpertOutput(modelId, instanceId, text,
                AnswerExtractors.forFormat(format, mode).extract(text).answer(), tokens, latency);
    }
}
