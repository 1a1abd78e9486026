package io.symoe.core;

/** Prompt and completion token counts of one generation, as the backend reported them. */
public record TokenCounts(int prompt, int completion) {
    public static final TokenCounts UNKNOWN = new TokenCounts(0, 0);

    public TokenCounts {
        Checks.nonNegative(prompt, "tokens.prompt");
        Checks.nonNegative(completion, "tokens.completion");
    }

    public int total() {
        return prompt + completion;
    }
}
