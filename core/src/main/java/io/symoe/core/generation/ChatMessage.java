package io.symoe.core.generation;

import io.symoe.core.Checks;

/** One chat turn. */
public record ChatMessage(Role role, String content) {
    public enum Role { SYSTEM, USER, ASSISTANT }

    public ChatMessage {
        Checks.nonNull(role, "message.role");
        Checks.nonNull(content, "message.content");
    }

    public static ChatMessage user(String content) {
        return new ChatMessage(Role.USER, content);
    }

    public static ChatMessage system(String content) {
        return new ChatMessage(Role.SYSTEM, content);
    }
}
