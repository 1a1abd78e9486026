package io.symoe.modelpool.pool;

import io.symoe.core.Checks;
import io.symoe.core.generation.Generation;

import java.util.List;
import java.util.Map;

/**
 * What a batch run produced. Every recruited draw ends in exactly one place: a generation (from its expert or a
 * substitute) or an {@link Unserved} entry — no request is silently lost.
 *
 * @param generations   instance id → generations in draw order (a substitute's output takes its draw's place)
 * @param reassignments draws moved to a next-best expert after their expert failed permanently
 * @param unserved      draws no expert could serve (candidates exhausted)
 * @param loads         model loads the batch caused
 */
public record BatchOutcome(Map<String, List<Generation>> generations, List<Reassignment> reassignments,
                           List<Unserved> unserved, int loads) {

    /** A draw moved from a failed expert to the next candidate. */
    public record Reassignment(String instanceId, int draw, String fromModel, String toModel, String reason) {}

    /** A draw that could not be served by any candidate. */
    public record Unserved(String instanceId, int draw, String lastModel, String reason) {}

    public BatchOutcome {
        generations = Checks.copyOf(generations, "generations");
        reassignments = Checks.copyOf(reassignments, "reassignments");
        unserved = Checks.copyOf(unserved, "unserved");
    }
}
