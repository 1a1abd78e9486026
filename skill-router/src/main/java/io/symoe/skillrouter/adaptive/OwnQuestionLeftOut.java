package io.symoe.skillrouter.adaptive;

import io.symoe.core.Instance;
import io.symoe.core.Skill;
import io.symoe.skillrouter.profile.ProfileBuilder;
import io.symoe.skillrouter.skills.SkillProfiler;

import java.util.List;

/**
 * Routes a recorded question as a new one: drops the neighbour skill of the question itself (instance id = recorded
 * question id), so traces for learning the stop rule never read the question's own outcome. The serving side has
 * its own text-matched variant for questions asked over HTTP.
 */
public record OwnQuestionLeftOut(SkillProfiler delegate) implements SkillProfiler {
    @Override
    public List<Skill> skills(Instance instance) {
        return without(instance, delegate.skills(instance));
    }

    @Override
    public List<List<Skill>> skills(List<Instance> instances) {
        List<List<Skill>> all = delegate.skills(instances);
        return java.util.stream.IntStream.range(0, instances.size())
                .mapToObj(i -> without(instances.get(i), all.get(i))).toList();
    }

    private static List<Skill> without(Instance instance, List<Skill> skills) {
        String own = ProfileBuilder.questionSkillName(instance.id());
        return skills.stream().filter(s -> !s.name().equals(own)).toList();
    }
}
