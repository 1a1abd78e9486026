package io.symoe.core;

import java.util.List;
import java.util.Map;

/**
 * One question to answer.
 *
 * @param id       stable identifier (a dataset's question id, or a request id)
 * @param text     the question as the experts will see it
 * @param task     the task it belongs to (answer format)
 * @param choices  option texts for multiple choice, in letter order; empty otherwise
 * @param metadata free-form attributes a dataset carries (e.g. {@code category}); never null
 */
public record Instance(String id, String text, Task task, List<String> choices, Map<String, String> metadata) {
    public Instance {
        Checks.nonBlank(id, "instance.id");
        Checks.nonBlank(text, "instance.text");
        Checks.nonNull(task, "instance.task");
        choices = Checks.copyOf(choices, "instance.choices");
        metadata = Checks.copyOf(metadata, "instance.metadata");
        if (task.answerFormat() instanceof AnswerFormat.MultipleChoice mc
                && !choices.isEmpty() && choices.size() != mc.options()) {
            throw new IllegalArgumentException("instance " + id + " has " + choices.size()
                    + " choices but its task '" + task.name() + "' expects " + mc.options());
        }
    }

    public Instance(String id, String text, Task task) {
        this(id, text, task, List.of(), Map.of());
    }
}
