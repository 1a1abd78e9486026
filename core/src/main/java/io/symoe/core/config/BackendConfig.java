package io.symoe.core.config;

import io.symoe.core.BackendKind;
import io.symoe.core.Checks;

import java.net.URI;
import java.time.Duration;

/**
 * One backend that serves models.
 *
 * @param id             name models refer to
 * @param kind           which protocol/residency adapter to use
 * @param baseUrl        server address for HTTP backends (required for them, unused otherwise)
 * @param apiKey         sent as a bearer token when set
 * @param path           directory of recorded outputs (replay) or of GGUF files (local)
 * @param timeout        per-call time limit
 * @param maxConcurrency calls in flight at once (bulkhead)
 * @param retries        attempts after the first for transient failures
 * @param server         how to run {@code llama-server} processes ({@code llama-server} backends only)
 */
public record BackendConfig(String id, BackendKind kind, URI baseUrl, String apiKey, String path, Duration timeout,
                            Integer maxConcurrency, Integer retries, LlamaServerSettings server) {
    /** A backend without a {@code server} section (every kind but {@code llama-server}). */
    public BackendConfig(String id, BackendKind kind, URI baseUrl, String apiKey, String path, Duration timeout,
                         Integer maxConcurrency, Integer retries) {
        this(id, kind, baseUrl, apiKey, path, timeout, maxConcurrency, retries, null);
    }

    public BackendConfig {
        Checks.nonBlank(id, "id");
        Checks.nonNull(kind, "kind");
        switch (kind) {
            case OPENAI, OLLAMA, VLLM, LLAMA_CPP, LLAMA_SWAP -> {
                if (baseUrl == null) {
                    throw new IllegalArgumentException("backend '" + id + "' of kind " + kind + " needs base-url");
                }
                String scheme = baseUrl.getScheme();
                if (!"http".equals(scheme) && !"https".equals(scheme) || baseUrl.getHost() == null) {
                    throw new IllegalArgumentException("backend '" + id + "': base-url must be an http(s) URL with a host, got " + baseUrl);
                }
            }
            case REPLAY, LOCAL, LLAMA_SERVER -> {
                if (path == null || path.isBlank()) {
                    throw new IllegalArgumentException("backend '" + id + "' of kind " + kind + " needs path");
                }
            }
        }
        if (server != null && kind != BackendKind.LLAMA_SERVER) {
            throw new IllegalArgumentException("backend '" + id + "': a server section only applies to kind "
                    + "llama-server, but this backend is " + kind);
        }
        if (kind == BackendKind.LLAMA_SERVER) {
            server = server == null ? LlamaServerSettings.DEFAULTS : server;
        }
        timeout = timeout == null ? Duration.ofSeconds(120) : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("backend '" + id + "': timeout must be > 0");
        }
        maxConcurrency = maxConcurrency == null ? 8 : Checks.positive(maxConcurrency, "max-concurrency");
        retries = retries == null ? 2 : (int) Checks.nonNegative(retries, "retries");
    }
}
