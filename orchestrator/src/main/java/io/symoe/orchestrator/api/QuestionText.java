package io.symoe.orchestrator.api;

/**
 * Checks text that reaches the experts and the embedding model. JSON can carry strings that are not text: a lone
 * {@code \ud800} escape decodes to an unpaired surrogate that no UTF-8 encoder or tokenizer accepts, and a string
 * of only control characters or whitespace is no question. Both are the client's to fix, so they are 400s here
 * rather than failures deep in the pipeline (the long HTTP fuzz run of issue 18 found both as 500s).
 */
public final class QuestionText {
    private QuestionText() {}

    /** Text anywhere in a request: fails when it holds an unpaired UTF-16 surrogate. */
    public static String checkUnicode(String path, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new RequestValidationException(path, "holds an unpaired UTF-16 surrogate (\\u"
                        + Integer.toHexString(c) + " at index " + i + "); send valid Unicode text");
            }
        }
        return text;
    }

    /** A question the ensemble answers: valid Unicode with at least one visible character. */
    public static String checkQuestion(String path, String text) {
        checkUnicode(path, text);
        boolean visible = text.codePoints().anyMatch(cp -> !Character.isWhitespace(cp) && !Character.isISOControl(cp)
                && !Character.isSpaceChar(cp) && Character.getType(cp) != Character.FORMAT);
        if (!visible) {
            throw new RequestValidationException(path, "is blank (only whitespace or control characters); send the question text");
        }
        return text;
    }
}
