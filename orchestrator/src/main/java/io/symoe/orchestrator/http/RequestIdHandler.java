package io.symoe.orchestrator.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request an id, echoed in {@code x-request-id}: the client's own when it sent a sane one (so ids
 * correlate across a gateway), else a fresh one. Stored in the context under {@link #KEY}.
 */
public final class RequestIdHandler implements Handler<RoutingContext> {
    public static final String HEADER = "x-request-id";
    public static final String KEY = "symoe.requestId";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Override
    public void handle(RoutingContext ctx) {
        String id = ctx.request().getHeader(HEADER);
        if (id == null || !SANE.matcher(id).matches()) {
            id = UUID.randomUUID().toString();
        }
        ctx.put(KEY, id);
        ctx.response().putHeader(HEADER, id);
        ctx.next();
    }

    public static String of(RoutingContext ctx) {
        String id = ctx.get(KEY);
        return id == null ? "unknown" : id;
    }
}
