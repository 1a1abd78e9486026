package io.symoe.orchestrator.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer API keys with a per-key rate limit. With no keys configured every request passes (a loopback-only
 * default); with keys, a request without a valid one gets 401 and one over its key's rate gets 429.
 *
 * <p>Keys are compared with {@link MessageDigest#isEqual}, whose time does not depend on where the bytes differ, so
 * response timing does not leak a key prefix.
 */
public final class ApiKeyAuth implements Handler<RoutingContext> {
    private final List<byte[]> keys;
    private final double permitsPerSecond;
    private final int burst;
    private final Map<Integer, TokenBucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param keys             accepted keys; empty disables authentication
     * @param permitsPerSecond sustained requests per second per key; 0 = unlimited
     * @param burst            requests a key may make at once before the rate applies
     */
    public ApiKeyAuth(List<String> keys, double permitsPerSecond, int burst) {
        this.keys = keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
        this.permitsPerSecond = permitsPerSecond;
        this.burst = Math.max(1, burst);
    }

    public boolean enabled() {
        return !keys.isEmpty();
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (keys.isEmpty()) {
            ctx.next();
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        int match = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? indexOf(header.substring(7).strip().getBytes(StandardCharsets.UTF_8)) : -1;
        if (match < 0) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            ctx.fail(new ApiException(new ApiError(401, "invalid_request_error", "invalid_api_key",
                    header == null ? "missing API key: send Authorization: Bearer <key>" : "invalid API key")));
            return;
        }
        if (permitsPerSecond > 0) {
            TokenBucket bucket = buckets.computeIfAbsent(match, k -> new TokenBucket(permitsPerSecond, burst));
            long retryAfterMs = bucket.tryTake(System.nanoTime());
            if (retryAfterMs > 0) {
                ctx.response().putHeader("Retry-After", Long.toString(Math.max(1, (retryAfterMs + 999) / 1000)));
                ctx.fail(new ApiException(new ApiError(429, "rate_limit_exceeded", "rate_limit_exceeded",
                        "rate limit of " + permitsPerSecond + " requests/s for this key exceeded")));
                return;
            }
        }
        ctx.next();
    }

    /** Index of the matching key; checks every key so the time does not depend on which one matched. */
    private int indexOf(byte[] presented) {
        int found = -1;
        for (int i = 0; i < keys.size(); i++) {
            if (MessageDigest.isEqual(keys.get(i), presented) && found < 0) {
                found = i;
            }
        }
        return found;
    }

    /** A token bucket; returns 0 when a token was taken, else milliseconds until one is available. */
    static final class TokenBucket {
        private final double ratePerNano;
        private final double capacity;
        private double tokens;
        private long last;

        TokenBucket(double perSecond, int capacity) {
            this.ratePerNano = perSecond / 1e9;
            this.capacity = capacity;
            this.tokens = capacity;
            this.last = System.nanoTime();
        }

        synchronized long tryTake(long now) {
            tokens = Math.min(capacity, tokens + (now - last) * ratePerNano);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / ratePerNano / 1e6);
        }
    }
}
