package io.symoe.core;

import java.time.Duration;
import java.util.Optional;

/**
 * What one recruited expert produced for one instance.
 *
 * @param modelId         the expert
 * @param instanceId      the instance
 * @param text            its full text (reasoning included)
 * @param extractedAnswer the answer extracted from the text under the task's format, empty when none was found
 * @param tokens          token counts
 * @param latency         wall time of the call that produced it
 */
public record ExpertOutput(String modelId, String instanceId, String text, Optional<String> extractedAnswer,
                           TokenCounts tokens, Duration latency) {
    public ExpertOutput {
        Checks.nonBlank(modelId, "output.modelId");
        Checks.nonBlank(instanceId, "output.instanceId");
        Checks.nonNull(text, "output.text");
        extractedAnswer = extractedAnswer == null ? Optional.empty() : extractedAnswer;
        tokens = tokens == null ? TokenCounts.UNKNOWN : tokens;
        Checks.nonNull(latency, "output.latency");
    }
}
