package io.symoe.skillrouter.skills;

import io.symoe.core.Instance;
import io.symoe.core.Skill;

import java.util.ArrayList;
import java.util.List;

/** Works out which skills an instance needs (paper step 1, or an LLM-free replacement). */
public interface SkillProfiler {
    List<Skill> skills(Instance instance);

    /**
     * Skills for a batch; profilers that call a model or an embedder override this to batch the work
     * (the paper's keyword generation runs as one batch per model).
     */
    default List<List<Skill>> skills(List<Instance> instances) {
        List<List<Skill>> out = new ArrayList<>(instances.size());
        for (Instance i : instances) {
            out.add(skills(i));
        }
        return out;
    }
}
