package io.symoe.orchestrator.pipeline;

import io.symoe.aggregator.strategy.AggregationProvenance;
import io.symoe.core.Answer;
import io.symoe.core.Assignment;
import io.symoe.core.Skill;
import io.symoe.skillrouter.skills.SkillTopics;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One solved instance with its provenance: what the response's {@code symoe} object reports.
 *
 * @param answer     the merged answer (with the expert outputs it came from)
 * @param skills     the skills the profiler found
 * @param assignment the recruited experts with their weights
 * @param timingsMs  wall time per stage (profile, recruit, dispatch, aggregate, total) in milliseconds
 * @param rerouted   expert ids that failed and were replaced by a next-best candidate, old → new
 * @param topics     the skills in words (the categories the neighbour questions carry), strongest first
 * @param aggregation how the aggregator reached the answer (votes, ties and the rule that broke them), when known
 */
public record SolveResult(Answer answer, List<Skill> skills, Assignment assignment, Map<String, Long> timingsMs,
                          Map<String, String> rerouted, List<SkillTopics.Topic> topics,
                          Optional<AggregationProvenance> aggregation) {
    /** Topics listed in provenance: a few words say what the question is about; more would be noise. */
    public static final int MAX_TOPICS = 5;

    public SolveResult {
        skills = List.copyOf(skills);
        timingsMs = Map.copyOf(timingsMs);
        rerouted = Map.copyOf(rerouted);
        topics = topics == null ? List.of() : List.copyOf(topics);
        aggregation = aggregation == null ? Optional.empty() : aggregation;
    }

    public SolveResult(Answer answer, List<Skill> skills, Assignment assignment, Map<String, Long> timingsMs,
                       Map<String, String> rerouted) {
        this(answer, skills, assignment, timingsMs, rerouted, List.of(), Optional.empty());
    }
}
