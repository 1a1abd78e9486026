package io.symoe.aggregator.extract;

/**
 * Reasoning models (DeepSeek-R1 distills, QwQ, ...) write their chain of thought before a closing {@code </think>}
 * tag. Everything up to the last such tag is scratch work: letters and boxes inside it are candidates the model
 * later rejected, so extraction and aggregation read only what follows it (Symbolic-MoE's aggregate.py does the
 * same with {@code res.split("</think>")[-1]}).
 */
public final class ReasoningTrace {
    static final String CLOSE_TAG = "</think>";

    private ReasoningTrace() {}

    /** The text after the last {@code </think>}, or the text unchanged when it has none. */
    public static String afterThinking(String text) {
        if (text == null) {
            return "";
        }
        int at = text.lastIndexOf(CLOSE_TAG);
        return at < 0 ? text : text.substring(at + CLOSE_TAG.length());
    }
}
