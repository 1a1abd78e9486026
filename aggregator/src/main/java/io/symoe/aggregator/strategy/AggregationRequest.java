package io.symoe.aggregator.strategy;

import io.symoe.aggregator.extract.ExtractionMode;
import io.symoe.core.Assignment;
import io.symoe.core.ExpertOutput;
import io.symoe.core.Instance;

import java.util.List;
import java.util.Objects;

/**
 * What an aggregator merges: the question, the recruiter's assignment (its {@code RecruitedExpert.weight}s are the
 * experts' competence scores for this instance), the experts' outputs, and the answer-format instruction the
 * experts were given (LLM synthesis repeats it so the aggregator answers in the same form).
 */
public record AggregationRequest(Instance instance, Assignment assignment, List<ExpertOutput> outputs,
                                 String answerInstruction) {
    public AggregationRequest {
        Objects.requireNonNull(instance, "request.instance");
        Objects.requireNonNull(assignment, "request.assignment");
        outputs = List.copyOf(Objects.requireNonNull(outputs, "request.outputs"));
        answerInstruction = answerInstruction == null ? "" : answerInstruction;
        if (!assignment.instanceId().equals(instance.id())) {
            throw new IllegalArgumentException("assignment is for " + assignment.instanceId()
                    + " but the instance is " + instance.id());
        }
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("nothing to aggregate for " + instance.id() + ": no expert output");
        }
        for (ExpertOutput o : outputs) {
            if (!o.instanceId().equals(instance.id())) {
                throw new IllegalArgumentException("output of " + o.modelId() + " is for " + o.instanceId()
                        + ", not " + instance.id());
            }
        }
    }

    /**
     * A request built from raw expert outputs: each output's answer is read here, with the extractor of the
     * instance's answer format, so callers hand over what the experts said and get the answer and its provenance.
     */
    public static AggregationRequest fromRaw(Instance instance, Assignment assignment, List<RawExpertOutput> raw,
                                             String answerInstruction, ExtractionMode mode) {
        var format = instance.task().answerFormat();
        return new AggregationRequest(instance, assignment, raw.stream().map(o -> o.read(format, mode)).toList(),
                answerInstruction);
    }

    public String instanceId() {
        return instance.id();
    }
}
