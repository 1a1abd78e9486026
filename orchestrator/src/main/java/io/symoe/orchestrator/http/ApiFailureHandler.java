package io.symoe.orchestrator.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

/**
 * The one place failures become HTTP responses, always in the OpenAI error shape. Handlers fail the context with
 * an {@link ApiException} (or let Vert.x fail it with a status) and never write error bodies themselves.
 *
 * <p>Logging follows whose fault it is (issue 20): a client's bad request is one DEBUG line; an expected
 * server-side refusal (not ready, no healthy expert, upstream down, time-out) is one INFO line; only a 500 — a
 * bug or an unexpected exception — is an ERROR with its stack trace. Every line carries the request id, so an
 * operator can match it to the client's {@code x-request-id}.
 */
public final class ApiFailureHandler implements Handler<RoutingContext> {
    private static final System.Logger LOG = System.getLogger(ApiFailureHandler.class.getName());
    private final long maxBodyBytes;

    public ApiFailureHandler(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(RoutingContext ctx) {
        ApiError error = toError(ctx);
        log(ctx, error);
        if (ctx.response().headWritten()) {
            // Streaming already started: the status is gone, so the best we can do is end the stream.
            ctx.response().reset();
            return;
        }
        if (error.status() == 405) {
            ctx.response().putHeader(HttpHeaders.ALLOW, error.allow());
        }
        ctx.response()
                .setStatusCode(error.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(error.toJson().encode());
    }

    private static void log(RoutingContext ctx, ApiError error) {
        String line = "request " + RequestIdHandler.of(ctx) + " " + ctx.request().method() + " " + ctx.request().path()
                + " -> " + error.status() + " " + error.code() + ": " + error.message();
        if (error.status() == 500) {
            LOG.log(System.Logger.Level.ERROR, line, ctx.failure());
        } else if (error.status() > 500) {
            LOG.log(System.Logger.Level.INFO, line);
        } else {
            LOG.log(System.Logger.Level.DEBUG, line);
        }
    }

    private ApiError toError(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof ApiException api) {
            return api.error();
        }
        int status = failure instanceof HttpException http ? http.getStatusCode() : ctx.statusCode();
        return switch (status) {
            case 400 -> ApiError.badRequest("invalid_request", failure != null && failure.getMessage() != null
                    ? failure.getMessage() : "bad request");
            case 404 -> ApiError.notFound("no route for " + ctx.request().method() + " " + ctx.request().path());
            case 413 -> ApiError.tooLarge(maxBodyBytes);
            default -> ApiError.internal("internal error");
        };
    }
}
