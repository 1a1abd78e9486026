package io.symoe.skillrouter.skills;

import io.symoe.core.Instance;
import io.symoe.core.Skill;
import io.symoe.skillrouter.embedding.QuestionIndex;
import io.symoe.skillrouter.embedding.TextEmbedder;
import io.symoe.skillrouter.profile.ProfileBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * LLM-free skill profiling: embed the question with MiniLM and take its nearest validation questions as its
 * "skills" (named {@code q:<id>}, matching profiles built with {@link ProfileBuilder#questionSkill}). A skill's
 * weight is {@code exp((sim − sim_max)/τ)}, so the closest neighbours dominate while far ones still smooth the
 * estimate. The recruiters then read each model's similarity-weighted correctness on these neighbours: an
 * instance-level signal, where categories give only one number per subject.
 */
public final class NearestQuestionProfiler implements SkillProfiler {
    /** Defaults chosen on a random 80/20 split of the MMLU-Pro outputs (see the module README). */
    public static final int DEFAULT_NEIGHBOURS = 400;
    public static final double DEFAULT_TEMPERATURE = 0.1;

    private final TextEmbedder embedder;
    private final QuestionIndex index;
    private final int neighbours;
    private final double temperature;
    /** {@code q:<id>} per index row, built once: naming 400 skills per request was a visible share of its cost. */
    private final String[] skillNames;

    public NearestQuestionProfiler(TextEmbedder embedder, QuestionIndex index) {
        this(embedder, index, DEFAULT_NEIGHBOURS, DEFAULT_TEMPERATURE);
    }

    public NearestQuestionProfiler(TextEmbedder embedder, QuestionIndex index, int neighbours, double temperature) {
        if (!embedder.modelId().equals(index.modelId())) {
            throw new IllegalArgumentException("index was built with " + index.modelId() + " but the embedder is "
                    + embedder.modelId());
        }
        if (neighbours < 1) {
            throw new IllegalArgumentException("neighbours must be >= 1, got " + neighbours);
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        this.embedder = embedder;
        this.index = index;
        this.neighbours = neighbours;
        this.temperature = temperature;
        this.skillNames = index.ids().stream().map(ProfileBuilder::questionSkillName).toArray(String[]::new);
    }

    @Override
    public List<Skill> skills(Instance instance) {
        return skillsOf(embedder.embed(instance.text()));
    }

    @Override
    public List<List<Skill>> skills(List<Instance> instances) {
        float[][] vectors = embedder.embed(instances.stream().map(Instance::text).toList());
        List<List<Skill>> out = new ArrayList<>(vectors.length);
        for (float[] v : vectors) {
            out.add(skillsOf(v));
        }
        return out;
    }

    /** Skills of an already-embedded question (what the routing benchmark and sweeps call). */
    public List<Skill> skillsOf(float[] vector) {
        var nearest = index.nearest(vector, neighbours);
        if (nearest.isEmpty()) {
            return List.of();
        }
        float top = nearest.getFirst().similarity();
        List<Skill> out = new ArrayList<>(nearest.size());
        for (var n : nearest) {
            out.add(new Skill(skillNames[n.row()], Math.exp((n.similarity() - top) / temperature)));
        }
        return out;
    }
}
