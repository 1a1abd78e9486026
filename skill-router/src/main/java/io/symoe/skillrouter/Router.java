package io.symoe.skillrouter;

import io.symoe.core.Assignment;
import io.symoe.core.Instance;
import io.symoe.core.Skill;
import io.symoe.core.Task;
import io.symoe.skillrouter.recruit.Recruiter;
import io.symoe.skillrouter.skills.SkillProfiler;
import io.symoe.skillrouter.skills.SkillTopics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A configured skill profiler + recruiter (+ the per-task aggregator choice): what the orchestrator and the
 * benchmarks call to route instances. Built by {@link RouterFactory}.
 *
 * @param aggregators task name → aggregator model (paper step 6, see {@code AggregatorSelector}); tasks absent
 *                    from it get assignments without an aggregator
 * @param topics      names the skills in words for provenance (never used to route)
 */
public record Router(SkillProfiler profiler, Recruiter recruiter, Map<String, String> aggregators, SkillTopics topics) {
    public Router {
        if (profiler == null || recruiter == null) {
            throw new IllegalArgumentException("a router needs a profiler and a recruiter");
        }
        aggregators = aggregators == null ? Map.of() : Map.copyOf(aggregators);
        topics = topics == null ? SkillTopics.NONE : topics;
    }

    /** A router without topic names for neighbour-question skills (word skills still name themselves). */
    public Router(SkillProfiler profiler, Recruiter recruiter, Map<String, String> aggregators) {
        this(profiler, recruiter, aggregators, SkillTopics.NONE);
    }

    /** The same router, its skills named by {@code topics} in provenance. */
    public Router withTopics(SkillTopics topics) {
        return new Router(profiler, recruiter, aggregators, topics);
    }

    public Assignment route(Instance instance) {
        return withAggregator(instance.task(), recruiter.recruit(instance, profiler.skills(instance)));
    }

    /** Routes a batch; profilers that call a model or an embedder do it once for the whole batch. */
    public List<Assignment> route(List<Instance> instances) {
        List<List<Skill>> skills = profiler.skills(instances);
        List<Assignment> out = new ArrayList<>(instances.size());
        for (int i = 0; i < instances.size(); i++) {
            Instance inst = instances.get(i);
            out.add(withAggregator(inst.task(), recruiter.recruit(inst, skills.get(i))));
        }
        return out;
    }

    private Assignment withAggregator(Task task, Assignment a) {
        String agg = aggregators.get(task.name());
        return agg == null ? a : new Assignment(a.instanceId(), a.skills(), a.experts(), a.candidates(), agg);
    }
}
