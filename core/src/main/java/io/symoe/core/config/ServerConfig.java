package io.symoe.core.config;

import io.symoe.core.ByteSize;
import io.symoe.core.Checks;

import java.time.Duration;
import java.util.List;

/**
 * The HTTP service.
 *
 * @param host           interface to bind; loopback by default so nothing is exposed by accident
 * @param port           TCP port (0 = any free port)
 * @param maxBody        request bodies above this are refused with 413
 * @param requestTimeout a request still running after this fails with a timeout error
 * @param apiKeys        when non-empty, every request must carry one as {@code Authorization: Bearer}
 * @param rateLimit      sustained requests per second allowed per API key (0 = unlimited)
 * @param rateBurst      requests a key may send at once before the rate applies
 * @param maxInFlight    ensemble requests running at once; beyond it requests queue
 * @param maxQueued      ensemble requests waiting; beyond it the service answers 429 instead of buffering
 */
public record ServerConfig(String host, Integer port, ByteSize maxBody, Duration requestTimeout, List<String> apiKeys,
                           Double rateLimit, Integer rateBurst, Integer maxInFlight, Integer maxQueued) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8420;

    public ServerConfig {
        host = host == null ? DEFAULT_HOST : Checks.nonBlank(host, "server.host");
        port = port == null ? DEFAULT_PORT : port;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("server.port must be in 0..65535, got " + port);
        }
        maxBody = maxBody == null ? ByteSize.ofMiB(1) : maxBody;
        if (maxBody.bytes() == 0) {
            throw new IllegalArgumentException("server.max-body must be > 0");
        }
        requestTimeout = requestTimeout == null ? Duration.ofMinutes(5) : requestTimeout;
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("server.request-timeout must be > 0");
        }
        apiKeys = Checks.copyOf(apiKeys, "server.api-keys");
        for (String key : apiKeys) {
            if (key.length() < 16) {
                throw new IllegalArgumentException("server.api-keys: every key must be at least 16 characters");
            }
        }
        rateLimit = rateLimit == null ? 0.0 : Checks.finiteNonNegative(rateLimit, "server.rate-limit");
        rateBurst = rateBurst == null ? 20 : Checks.positive(rateBurst, "server.rate-burst");
        maxInFlight = maxInFlight == null ? 256 : Checks.positive(maxInFlight, "server.max-in-flight");
        maxQueued = maxQueued == null ? 4096 : (int) Checks.nonNegative(maxQueued, "server.max-queued");
    }

    public ServerConfig(String host, Integer port, ByteSize maxBody, Duration requestTimeout, List<String> apiKeys) {
        this(host, port, maxBody, requestTimeout, apiKeys, null, null, null, null);
    }

    public static ServerConfig defaults() {
        return new ServerConfig(null, null, null, null, null, null, null, null, null);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, maxBody, requestTimeout, apiKeys, rateLimit, rateBurst, maxInFlight,
                maxQueued);
    }

    public ServerConfig withHost(String newHost) {
        return new ServerConfig(newHost, port, maxBody, requestTimeout, apiKeys, rateLimit, rateBurst, maxInFlight,
                maxQueued);
    }
}
