package io.symoe.orchestrator.pipeline;

/**
 * An expert that failed for good during dispatch and the next candidate that took its draws: the value a
 * dispatcher returns instead of writing into a map shared with other callbacks.
 */
public record Reroute(String failed, String replacement) {}
