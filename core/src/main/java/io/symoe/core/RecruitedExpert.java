package io.symoe.core;

/** One draw of the recruiter: a model and the weight its recruiting score gave it. */
public record RecruitedExpert(String modelId, double weight) {
    public RecruitedExpert {
        Checks.nonBlank(modelId, "expert.modelId");
        Checks.finiteNonNegative(weight, "expert.weight");
    }
}
