package io.symoe.core.generation;

import io.symoe.core.Checks;

import java.util.List;

/**
 * One request to a model: chat messages, tagged with the instance it serves so outputs can be matched back.
 */
public record Prompt(String instanceId, List<ChatMessage> messages) {
    public Prompt {
        Checks.nonBlank(instanceId, "prompt.instanceId");
        messages = Checks.copyOf(messages, "prompt.messages");
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("prompt for " + instanceId + " has no messages");
        }
    }

    public static Prompt ofUser(String instanceId, String userTurn) {
        return new Prompt(instanceId, List.of(ChatMessage.user(userTurn)));
    }

    /** The content of the last user turn, which is what replay backends and the pipeline key on. */
    public String lastUserContent() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == ChatMessage.Role.USER) {
                return messages.get(i).content();
            }
        }
        throw new IllegalStateException("prompt for " + instanceId + " has no user message");
    }
}
