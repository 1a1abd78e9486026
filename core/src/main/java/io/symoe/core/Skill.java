package io.symoe.core;

/**
 * A skill an instance needs (a keyword such as "organic chemistry", or a dataset category), with the strength
 * the profiler gives it. Names are normalised by the profiler that creates them, not here.
 */
public record Skill(String name, double weight) {
    public Skill {
        Checks.nonBlank(name, "skill.name");
        Checks.finiteNonNegative(weight, "skill.weight");
    }

    public Skill(String name) {
        this(name, 1.0);
    }
}
