package io.symoe.orchestrator.pipeline;

import io.symoe.core.AnswerFormat;

/**
 * The answer-format instruction experts get, per format. The aggregator repeats the same one to its synthesis
 * model, and the extractors read exactly the forms asked for here ("The answer is (X)", {@code \boxed{}}).
 */
public final class AnswerInstructions {
    private AnswerInstructions() {}

    public static String forFormat(AnswerFormat format) {
        return switch (format) {
            case AnswerFormat.MultipleChoice mc -> "Answer the following multiple choice question. Think step by step,"
                    + " then finish with \"The answer is (X)\" where X is the letter of the correct option (A-"
                    + mc.lastLetter() + ").";
            case AnswerFormat.IntegerAnswer ignored -> "Solve the following problem. Think step by step, then put"
                    + " your final answer, an integer, within \\boxed{}.";
            case AnswerFormat.FreeText ignored -> "Answer the following question. Think step by step, then finish"
                    + " with \"The answer is: <your answer>\".";
        };
    }
}
