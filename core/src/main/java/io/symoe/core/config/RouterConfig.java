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
 * @param embedder     question embedder of embedding skills: {@code minilm} (default) or {@code static}, MiniLM
 *                     distilled into a per-token table (skill-router's StaticEmbedder; ~30× faster)
 */
public record RouterConfig(SkillSource skills, RecruiterKind recruiter, Integer k, Long seed, String profiles,
                           String keywordModel, String embedder) {
    public static final String MINILM = "minilm";
    public static final String STATIC = "static";

    /** With the default embedder (MiniLM). */
    public RouterConfig(SkillSource skills, RecruiterKind recruiter, Integer k, Long seed, String profiles,
                        String keywordModel) {
        this(skills, recruiter, k, seed, profiles, keywordModel, null);
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
        if (skills == SkillSource.KEYWORDS && keywordModel == null) {
            throw new IllegalArgumentException("router.skills = keywords needs router.keyword-model");
        }
    }

    public static RouterConfig defaults() {
        return new RouterConfig(null, null, null, null, null, null, null);
    }
}
