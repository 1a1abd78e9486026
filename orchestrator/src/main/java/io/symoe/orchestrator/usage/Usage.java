package io.symoe.orchestrator.usage;

import io.symoe.core.ExpertOutput;
import io.symoe.core.TokenCounts;
import io.symoe.core.generation.ChatMessage;
import io.symoe.core.generation.Generation;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The {@code usage} of one answer and where its numbers come from.
 *
 * @param counts   prompt and completion tokens summed over every model call the answer used
 * @param source   {@code reported} (every backend counted its own tokens) or {@code estimated} (at least one
 *                 call reported none — a replayed recording — and was counted by {@link TokenEstimator})
 * @param method   for estimates, how they were counted ({@link TokenEstimator#method()}); else null
 */
public record Usage(TokenCounts counts, String source, String method) {
    public static final String REPORTED = "reported";
    public static final String ESTIMATED = "estimated";

    public boolean estimated() {
        return ESTIMATED.equals(source);
    }

    /** What the response's {@code symoe.usage} says: the source, and the method when estimated. */
    public JsonObject describe() {
        JsonObject o = new JsonObject().put("source", source);
        if (method != null) {
            o.put("method", method);
        }
        return o;
    }

    /**
     * The ensemble's usage: each expert saw the same prompt (the instruction and the question) and wrote its own
     * text; an expert whose backend reported no tokens is counted from those texts.
     */
    public static Usage ofEnsemble(List<ExpertOutput> experts, String instruction, String question, TokenEstimator tokens) {
        int prompt = 0;
        int completion = 0;
        boolean anyEstimated = false;
        int promptEstimate = -1;
        for (ExpertOutput e : experts) {
            if (e.tokens().total() > 0) {
                prompt += e.tokens().prompt();
                completion += e.tokens().completion();
                continue;
            }
            anyEstimated = true;
            if (promptEstimate < 0) {
                promptEstimate = tokens.count(instruction) + tokens.count(question);
            }
            prompt += promptEstimate;
            completion += tokens.count(e.text());
        }
        return of(prompt, completion, anyEstimated, tokens);
    }

    /** A pass-through call's usage: the backend's own counts, or an estimate from the messages and the text. */
    public static Usage ofCall(List<ChatMessage> messages, Generation g, TokenEstimator tokens) {
        if (g.tokens().total() > 0) {
            return of(g.tokens().prompt(), g.tokens().completion(), false, tokens);
        }
        int prompt = 0;
        for (ChatMessage m : messages) {
            prompt += tokens.count(m.content());
        }
        return of(prompt, tokens.count(g.text()), true, tokens);
    }

    private static Usage of(int prompt, int completion, boolean estimated, TokenEstimator tokens) {
        return new Usage(new TokenCounts(prompt, completion), estimated ? ESTIMATED : REPORTED,
                estimated ? tokens.method() : null);
    }
}
