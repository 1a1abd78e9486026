package io.symoe.skillrouter.skills;

import io.symoe.core.Instance;
import io.symoe.core.Skill;
import io.symoe.skillrouter.profile.ProfileBuilder;

import java.util.List;

/**
 * The dataset's own category field as the single skill (no model call). Reads {@code metadata.category};
 * an instance without one has no skills, so the recruiter falls back to its no-skill rule.
 */
public final class CategoryProfiler implements SkillProfiler {
    public static final String METADATA_KEY = "category";

    @Override
    public List<Skill> skills(Instance instance) {
        String c = instance.metadata().get(METADATA_KEY);
        return c == null || c.isBlank() ? List.of() : List.of(new Skill(ProfileBuilder.normaliseCategory(c)));
    }
}
