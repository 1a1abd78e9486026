package io.symoe.orchestrator.service;

import io.symoe.core.Instance;
import io.symoe.core.Skill;
import io.symoe.core.recorded.RecordedQuestion;
import io.symoe.skillrouter.profile.ProfileBuilder;
import io.symoe.skillrouter.skills.SkillProfiler;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replay mode serves the very recordings the profiles are built from. A recorded question asked again would find
 * itself as its nearest neighbour and route on its own known outcome — an answer key, not a routing decision. This
 * drops a question's own skill (and those of exact duplicates), so it is routed only on evidence from other
 * questions, as a new question would be.
 */
final class LeaveOneOutProfiler implements SkillProfiler {
    private final SkillProfiler delegate;
    private final Map<String, Set<String>> ownSkillsByText = new HashMap<>();

    LeaveOneOutProfiler(SkillProfiler delegate, List<RecordedQuestion> recorded) {
        this.delegate = delegate;
        for (RecordedQuestion q : recorded) {
            ownSkillsByText.computeIfAbsent(normalise(q.text()), t -> new HashSet<>())
                    .add(ProfileBuilder.questionSkillName(q.id()));
        }
    }

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

    private List<Skill> without(Instance instance, List<Skill> skills) {
        Set<String> own = ownSkillsByText.get(normalise(instance.text()));
        return own == null ? skills : skills.stream().filter(s -> !own.contains(s.name())).toList();
    }

    /** The replay backend's own matching rule: a question is left out exactly when replay would serve it. */
    private static String normalise(String s) {
        return io.symoe.modelpool.backend.replay.ReplayBackend.normalise(s);
    }
}
