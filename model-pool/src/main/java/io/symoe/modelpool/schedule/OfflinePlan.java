package io.symoe.modelpool.schedule;

import io.symoe.core.Checks;

import java.util.List;

/**
 * The offline schedule of one batch: each step makes one model resident (evicting others first when needed)
 * and runs all of its requests at once.
 */
public record OfflinePlan(List<Step> steps) {

    /**
     * @param modelId  the model this step runs
     * @param evict    models to unload before loading it
     * @param load     whether it must be loaded (false when already resident)
     * @param requests every request of the batch for this model
     */
    public record Step(String modelId, List<String> evict, boolean load, List<Request> requests) {
        public Step {
            Checks.nonBlank(modelId, "step.modelId");
            evict = Checks.copyOf(evict, "step.evict");
            requests = Checks.copyOf(requests, "step.requests");
        }
    }

    public OfflinePlan {
        steps = Checks.copyOf(steps, "plan.steps");
    }

    public int loads() {
        return (int) steps.stream().filter(Step::load).count();
    }

    public List<String> order() {
        return steps.stream().map(Step::modelId).toList();
    }
}
