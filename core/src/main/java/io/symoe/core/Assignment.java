package io.symoe.core;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The recruiter's decision for one instance.
 *
 * @param instanceId the instance it routes
 * @param skills     the skills it was routed by (may be empty: the recruiter then drew uniformly)
 * @param experts    the recruited experts in draw order; the same model may appear more than once because the
 *                   Symbolic-MoE method samples with replacement and each draw is a separate sample
 * @param candidates models ranked next-best after the recruited ones, used to re-recruit when an expert fails
 * @param aggregatorId the model chosen to merge the experts' outputs, or null when the strategy needs none
 */
public record Assignment(String instanceId, List<Skill> skills, List<RecruitedExpert> experts,
                         List<String> candidates, String aggregatorId) {
    public Assignment {
        Checks.nonBlank(instanceId, "assignment.instanceId");
        skills = Checks.copyOf(skills, "assignment.skills");
        experts = Checks.copyOf(experts, "assignment.experts");
        candidates = Checks.copyOf(candidates, "assignment.candidates");
        if (experts.isEmpty()) {
            throw new IllegalArgumentException("assignment for " + instanceId + " recruits no expert");
        }
        if (aggregatorId != null && aggregatorId.isBlank()) {
            throw new IllegalArgumentException("assignment.aggregatorId must be null or non-blank");
        }
    }

    /** The distinct models this assignment needs, in first-draw order (what the scheduler loads). */
    public Set<String> distinctModels() {
        Set<String> ids = new LinkedHashSet<>();
        experts.forEach(e -> ids.add(e.modelId()));
        return ids;
    }
}
