package io.symoe.skillrouter.profile;

import java.util.List;
import java.util.Set;

/**
 * Per-skill competence of every pool model (the paper's step 2 "model profiles"), built from validation results.
 * Read-only and thread-safe once built.
 */
public interface ProfileStore {
    /** The profiled models; every array this store returns is indexed in this order. */
    List<String> models();

    /** Index of a model in {@link #models()}, or −1. */
    int modelIndex(String modelId);

    /** The skill vocabulary (validation keywords, categories, or neighbour question ids). */
    Set<String> skills();

    /** Every model's tally on a skill, or null when the profiles never saw it. */
    SkillTally tally(String skill);

    /** The paper's global competence before shifting, {@code G_m = Σ_w P_m[w]} (step 4). */
    double[] paperGlobalScores();

    /** Each model's plain accuracy over all its validation results. */
    double[] globalAccuracy();

    Coverage coverage();
}
