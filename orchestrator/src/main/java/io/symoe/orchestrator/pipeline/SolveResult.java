package io.symoe.orchestrator.pipeline;

import io.symoe.core.Answer;
import io.symoe.core.Assignment;
import io.symoe.core.Skill;

import java.util.List;
import java.util.Map;

/**
 * One solved instance with its provenance: what the response's {@code symoe} object reports.
 *
 * @param answer     the merged answer (with the expert outputs it came from)
 * @param skills     the skills the profiler found
 * @param assignment the recruited experts with their weights
 * @param timingsMs  wall time per stage (profile, recruit, dispatch, aggregate, total) in milliseconds
 * @param rerouted   expert ids that failed and were replaced by a next-best candidate, old → new
 */
public record SolveResult(Answer answer, List<Skill> skills, Assignment assignment, Map<String, Long> timingsMs,
                          Map<String, String> rerouted) {
    public SolveResult {
        skills = List.copyOf(skills);
        timingsMs = Map.copyOf(timingsMs);
        rerouted = Map.copyOf(rerouted);
    }
}
