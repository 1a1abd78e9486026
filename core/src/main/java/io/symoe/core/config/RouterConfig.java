package io.symoe.core.config;

import io.symoe.core.Checks;

/**
 * Skill profiling and recruiting.
 *
 * @param skills       where skills come from
 * @param recruiter    how experts are recruited
 * @param k            experts per instance (the paper uses 3)
 * @param seed         seed for the sampling recruiters, for reproducible runs
 * @param profiles     path of persisted profiles (JSON) to start from, or null
 * @param keywordModel the pool model that generates skill keywords (for {@link SkillSource#KEYWORDS})
 * @param threshold    {@link RecruiterKind#SEQUENTIAL} only: an explicit stop threshold in (0, 1], which wins over
 *                     the one learned on the profiles' questions; null to serve the learned one
 * @param targetCalls  {@link RecruiterKind#SEQUENTIAL} only: the mean calls per question the threshold is learned
 *                     for, in [1, k]; null for 0.6·k
 * @param embedder     question embedder of embedding skills: {@code minilm} (default) or {@code static}, MiniLM
 *                     distilled into a per-token table (skill-router's StaticEmbedder; ~30× faster)
 */
public record RouterConfig(SkillSource skills, RecruiterKind recruiter, Integer k, Long seed, String profiles,
                           String keywordModel, Double threshold, Double targetCalls, String embedder) {
    public static final String MINILM = "minilm";
    public static final String STATIC = "static";

    /** With the default embedder (MiniLM) and the learned stop threshold. */
    public RouterConfig(SkillSource skills, RecruiterKind recruiter, Integer k, Long seed, String profiles,
                        String keywordModel) {
        this(skills, recruiter, k, seed, profiles, keywordModel, null, null, null);
    }

    /** With the learned stop threshold. */
    public RouterConfig(SkillSource skills, RecruiterKind recruiter, Integer k, Long seed, String profiles,
                        String keywordModel, String embedder) {
        this(skills, recruiter, k, seed, profiles, keywordModel, null, null, embedder);
    }

    /** With the default embedder (MiniLM). */
    public RouterConfig(SkillSource skills, RecruiterKind recruiter, Integer k, Long seed, String profiles,
                        String keywordModel, Double threshold, Double targetCalls) {
        this(skills, recruiter, k, seed, profiles, keywordModel, threshold, targetCalls, null);
    }

    public RouterConfig {
        embedder = embedder == null ? MINILM : embedder;
        if (!embedder.equals(MINILM) && !embedder.equals(STATIC)) {
            throw new IllegalArgumentException("router.embedder must be minilm or static, got '" + embedder + "'");
        }
        skills = skills == null ? SkillSource.EMBEDDING : skills;
        // The best measured on recorded MMLU-Pro outputs (benchmarks: the `default` router).
        recruiter = recruiter == null ? RecruiterKind.COMPETENCE_WEIGHTED : recruiter;
        k = k == null ? 3 : Checks.positive(k, "router.k");
        if (k > 16) {
            throw new IllegalArgumentException("router.k must be <= 16, got " + k);
        }
        seed = seed == null ? 42L : seed;
        if (threshold != null && !(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("router.threshold must be in (0, 1], got " + threshold);
        }
        if (targetCalls != null && !(targetCalls >= 1 && targetCalls <= k)) {
            throw new IllegalArgumentException("router.target-calls must be in [1, router.k = " + k + "], got "
                    + targetCalls);
        }
        if (skills == SkillSource.KEYWORDS && keywordModel == null) {
            throw new IllegalArgumentException("router.skills = keywords needs router.keyword-model");
        }
    }

    public static RouterConfig defaults() {
        return new RouterConfig(null, null, null, null, null, null, null);
    }
}
