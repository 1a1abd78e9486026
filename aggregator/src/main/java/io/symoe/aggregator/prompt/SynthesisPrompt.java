package io.symoe.aggregator.prompt;

import io.symoe.aggregator.extract.ReasoningTrace;

import java.util.List;
import java.util.Objects;

/**
 * The Mixture-of-Agents synthesis prompt (Wang et al. 2024, "Mixture-of-Agents Enhances Large Language Model
 * Capabilities"; used by Symbolic-MoE's aggregate.py): an instruction to synthesise the responses while
 * critically evaluating them — some may be wrong — rather than copying them, then one
 * {@code ### Model i's response:} block per response (reasoning traces stripped), then the question and the
 * same answer-format instruction the experts were given, so the aggregator's answer extracts the same way.
 *
 * <p>The wording is ours; it keeps the papers' meaning. The Self-MoA-Seq variant adds the previous step's
 * synthesis as a first, labelled block.
 */
public final class SynthesisPrompt {
    static final String INSTRUCTION = """
            You are given several responses that other models wrote to the question below. Synthesize them into \
            one answer of your own. Evaluate each response critically: some of them may be wrong, biased or \
            incomplete, and agreement between them is not proof. Do not simply copy a response or pick the most \
            common answer; check the reasoning, correct what is wrong, and give an accurate, well-reasoned reply.

            Responses from models:

            """;

    private SynthesisPrompt() {}

    /**
     * @param question          the question as the experts saw it
     * @param responses         the expert responses, in order (rendered as Model 1..n)
     * @param answerInstruction the answer-format instruction the experts got (e.g. 'print "The answer is (X)"'),
     *                          may be empty
     */
    public static String render(String question, List<String> responses, String answerInstruction) {
        return render(question, null, responses, answerInstruction);
    }

    /**
     * @param previousSynthesis Self-MoA-Seq: the synthesis carried from the previous window, or null
     */
    public static String render(String question, String previousSynthesis, List<String> responses,
                                String answerInstruction) {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(responses, "responses");
        if (responses.isEmpty() && previousSynthesis == null) {
            throw new IllegalArgumentException("a synthesis prompt needs at least one response");
        }
        StringBuilder sb = new StringBuilder(INSTRUCTION);
        if (previousSynthesis != null) {
            sb.append("### Synthesis of the earlier responses:\n")
                    .append(ReasoningTrace.afterThinking(previousSynthesis).strip()).append("\n\n");
        }
        for (int i = 0; i < responses.size(); i++) {
            sb.append("### Model ").append(i + 1).append("'s response:\n")
                    .append(ReasoningTrace.afterThinking(responses.get(i)).strip()).append("\n\n");
        }
        sb.append("Question: ").append(question.strip());
        if (answerInstruction != null && !answerInstruction.isBlank()) {
            sb.append('\n').append(answerInstruction.strip());
        }
        return sb.toString();
    }

    /** Characters the fixed parts add around the question, responses and instruction (for budgeting). */
    static int fixedChars() {
        return INSTRUCTION.length() + "### Synthesis of the earlier responses:\n\n\n".length() + "Question: \n".length();
    }
}
