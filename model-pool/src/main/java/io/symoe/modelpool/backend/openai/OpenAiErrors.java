package io.symoe.modelpool.backend.openai;

import io.symoe.core.generation.GenerationException;
import io.symoe.core.generation.GenerationException.Kind;
import io.symoe.modelpool.backend.RateLimitedException;

import java.net.ConnectException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Maps HTTP answers and transport failures of OpenAI-compatible servers to {@link GenerationException} kinds,
 * which decide retrying (transient, 429) and re-recruiting (not found, permanent). Context-length errors are
 * recognised from the messages vLLM, llama.cpp, Ollama and OpenAI actually send, since they all use 400.
 */
final class OpenAiErrors {
    private OpenAiErrors() {}

    static GenerationException forStatus(String modelId, int status, String body, String retryAfterHeader) {
        String snippet = body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
        String message = "HTTP " + status + " from model " + modelId + ": " + snippet;
        if (status == 429) {
            return new RateLimitedException(modelId, message, parseRetryAfter(retryAfterHeader));
        }
        if (status >= 500) {
            return new GenerationException(Kind.TRANSIENT, modelId, message);
        }
        String lower = snippet.toLowerCase(Locale.ROOT);
        if (lower.contains("context length") || lower.contains("context_length") || lower.contains("maximum context")
                || lower.contains("context window") || lower.contains("too many tokens") || lower.contains("exceeds the available context")) {
            return new GenerationException(Kind.CONTEXT_LENGTH, modelId, message);
        }
        if (status == 404) {
            return new GenerationException(Kind.NOT_FOUND, modelId, message);
        }
        if (status == 408) {
            return new GenerationException(Kind.TRANSIENT, modelId, message);
        }
        return new GenerationException(Kind.PERMANENT, modelId, message);
    }

    /** Transport failures: refused/reset/closed connections and request timeouts are transient. */
    static GenerationException forTransport(String modelId, Throwable t) {
        if (t instanceof GenerationException g) {
            return g;
        }
        String what = t.getClass().getSimpleName() + ": " + t.getMessage();
        if (t instanceof TimeoutException) {
            return new GenerationException(Kind.TRANSIENT, modelId, "request to " + modelId + " timed out (" + what + ")", t);
        }
        if (t instanceof ConnectException || t instanceof io.vertx.core.http.HttpClosedException
                || t instanceof java.io.IOException || t instanceof io.vertx.core.VertxException) {
            return new GenerationException(Kind.TRANSIENT, modelId, "connection to the server of " + modelId + " failed: " + what, t);
        }
        return new GenerationException(Kind.PERMANENT, modelId, "call for " + modelId + " failed: " + what, t);
    }

    /** {@code Retry-After} is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
    static Duration parseRetryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.strip();
        try {
            return Duration.ofMillis(Math.max(0, Math.round(Double.parseDouble(h) * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException unparsable) {
                return null;
            }
        }
    }
}
