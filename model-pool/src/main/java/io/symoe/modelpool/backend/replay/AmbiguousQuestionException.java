package io.symoe.modelpool.backend.replay;

import io.symoe.core.generation.GenerationException;

/**
 * A replay was asked a question that several different recorded questions fit equally well. It is a
 * {@code NOT_FOUND} to everything that re-recruits or retries (no other model can serve it either); the HTTP API
 * answers it with 409 and the candidates, so the client can resend the question with its options.
 */
public final class AmbiguousQuestionException extends GenerationException {
    private static final long serialVersionUID = 1L;

    private final transient QuestionMatch.Ambiguous match;

    public AmbiguousQuestionException(String modelId, QuestionMatch.Ambiguous match, String source) {
        super(Kind.NOT_FOUND, modelId, match.message(source));
        this.match = match;
    }

    public QuestionMatch.Ambiguous match() {
        return match;
    }
}
