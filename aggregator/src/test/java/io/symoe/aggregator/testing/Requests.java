package io.symoe.aggregator.testing;

import io.symoe.aggregator.strategy.AggregationRequest;
import io.symoe.core.AnswerFormat;
import io.symoe.core.Assignment;
import io.symoe.core.ExpertOutput;
import io.symoe.core.Instance;
import io.symoe.core.RecruitedExpert;
import io.symoe.core.Task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Builds aggregation requests for tests: experts as (model, weight, text) triples. */
public final class Requests {
    public static final Task MMLU_PRO = new Task("mmlu-pro", new AnswerFormat.MultipleChoice(10));
    public static final Task AIME = new Task("aime24", new AnswerFormat.IntegerAnswer());
    public static final String MC_INSTRUCTION = "Provide your step-by-step reasoning first, and then print "
            + "\"The answer is (X)\", where X is the answer choice (one capital letter), at the end of your response.";

    public record Expert(String model, double weight, String text) {}

    private Requests() {}

    public static Expert expert(String model, double weight, String text) {
        return new Expert(model, weight, text);
    }

    public static AggregationRequest request(String id, Task task, String aggregatorId, Expert... experts) {
        List<RecruitedExpert> recruited = new ArrayList<>();
        List<ExpertOutput> outputs = new ArrayList<>();
        for (Expert e : experts) {
            recruited.add(new RecruitedExpert(e.model(), e.weight()));
            outputs.add(new ExpertOutput(e.model(), id, e.text(), null, null, Duration.ofMillis(5)));
        }
        Instance instance = new Instance(id, "What is the question " + id + "?", task);
        return new AggregationRequest(instance, new Assignment(id, List.of(), recruited, List.of(), aggregatorId),
                outputs, task == MMLU_PRO ? MC_INSTRUCTION : "Put the final answer in \\boxed{}.");
    }

    public static AggregationRequest mc(String id, String aggregatorId, Expert... experts) {
        return request(id, MMLU_PRO, aggregatorId, experts);
    }
}
