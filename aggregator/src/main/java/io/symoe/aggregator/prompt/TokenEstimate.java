package io.symoe.aggregator.prompt;

/**
 * A tokenizer-free token estimate for context budgeting: about four characters per token for English text and
 * LaTeX under BPE tokenizers (OpenAI's rule of thumb), rounded up. Budgets built on it keep a margin: the
 * carried synthesis is budgeted at the full generation cap.
 */
public final class TokenEstimate {
    static final int CHARS_PER_TOKEN = 4;

    private TokenEstimate() {}

    public static int of(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        return (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }

    /** The tokens of the synthesis prompt's fixed parts for this question and instruction. */
    public static int promptOverhead(String question, String answerInstruction) {
        return of(question) + of(answerInstruction) + (SynthesisPrompt.fixedChars() + CHARS_PER_TOKEN - 1)
                / CHARS_PER_TOKEN;
    }
}
