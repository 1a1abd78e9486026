package io.symoe.core.generation;

import io.symoe.core.Checks;
import io.symoe.core.TokenCounts;

import java.time.Duration;

/**
 * One model output for one prompt.
 *
 * @param instanceId   the instance of the prompt it answers
 * @param modelId      the model that produced it
 * @param text         the generated text
 * @param tokens       token counts
 * @param latency      wall time attributed to this prompt
 * @param finishReason why generation stopped ("stop", "length", ...)
 */
public record Generation(String instanceId, String modelId, String text, TokenCounts tokens, Duration latency,
                         String finishReason) {
    public Generation {
        Checks.nonBlank(instanceId, "generation.instanceId");
        Checks.nonBlank(modelId, "generation.modelId");
        Checks.nonNull(text, "generation.text");
        tokens = tokens == null ? TokenCounts.UNKNOWN : tokens;
        Checks.nonNull(latency, "generation.latency");
        finishReason = finishReason == null ? "stop" : finishReason;
    }
}
