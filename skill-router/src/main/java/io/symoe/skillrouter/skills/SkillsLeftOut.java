package io.symoe.skillrouter.skills;

import io.symoe.core.Instance;
import io.symoe.core.Skill;
import io.symoe.skillrouter.profile.ProfileBuilder;

import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * A profiler that drops some of each instance's skills. Routing a recorded question as if it were new means leaving
 * out the neighbour skill of the question itself, which would otherwise bring its own known outcome into the
 * routing. What counts as "its own" depends on the caller — the instance id when recordings are replayed offline, a
 * text match when the question arrives over HTTP — so it is given as a function.
 *
 * @param ownSkills the skill names to drop for an instance (empty: keep all)
 */
public record SkillsLeftOut(SkillProfiler delegate, Function<Instance, Set<String>> ownSkills) implements SkillProfiler {
    /** Leaves out the question's own neighbour skill, named by its instance id (= the recorded question's id). */
    public static SkillsLeftOut ownQuestion(SkillProfiler delegate) {
        return new SkillsLeftOut(delegate, i -> Set.of(ProfileBuilder.questionSkillName(i.id())));
    }

    @Override
    public List<Skill> skills(Instance instance) {
        return without(instance, delegate.skills(instance));
    }

    @Override
    public List<List<Skill>> skills(List<Instance> instances) {
        List<List<Skill>> all = delegate.skills(instances);
        return IntStream.range(0, instances.size()).mapToObj(i -> without(instances.get(i), all.get(i))).toList();
    }

    private List<Skill> without(Instance instance, List<Skill> skills) {
        Set<String> own = ownSkills.apply(instance);
        return own.isEmpty() ? skills : skills.stream().filter(s -> !own.contains(s.name())).toList();
    }
}
