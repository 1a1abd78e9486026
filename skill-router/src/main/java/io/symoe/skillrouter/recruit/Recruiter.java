package io.symoe.skillrouter.recruit;

import io.symoe.core.Assignment;
import io.symoe.core.Instance;
import io.symoe.core.Skill;

import java.util.List;

/**
 * Picks the experts for one instance from its skills (paper steps 4–5, or an improvement). The assignment's
 * {@code experts} carry the recruiting score as {@code weight} (the aggregator's competence-weighted vote reads
 * it) and its {@code candidates} rank the remaining models, for re-recruiting when an expert fails.
 * Implementations are deterministic given their seed and thread-safe.
 */
public interface Recruiter {
    Assignment recruit(Instance instance, List<Skill> skills);
}
