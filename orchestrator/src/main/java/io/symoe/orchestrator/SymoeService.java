package io.symoe.orchestrator;

import io.symoe.core.config.SymoeConfig;
import io.symoe.orchestrator.http.HttpApiVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.concurrent.TimeUnit;

/**
 * The running service: one Vert.x instance and the verticles deployed on it. {@link #start} and {@link #close}
 * are the only lifecycle; the CLI and the tests use the same ones.
 */
public final class SymoeService implements AutoCloseable {
    private final Vertx vertx;
    private final HttpApiVerticle http;

    private SymoeService(Vertx vertx, HttpApiVerticle http) {
        this.vertx = vertx;
        this.http = http;
    }

    /** Starts the service and completes once the HTTP server listens. */
    public static Future<SymoeService> start(SymoeConfig config) {
        Vertx vertx = Vertx.vertx();
        HttpApiVerticle http = new HttpApiVerticle(config.server());
        return vertx.deployVerticle(http)
                .map(id -> new SymoeService(vertx, http))
                .recover(err -> vertx.close().transform(ignored -> Future.failedFuture(err)));
    }

    public int httpPort() {
        return http.actualPort();
    }

    public Vertx vertx() {
        return vertx;
    }

    /** Stops accepting requests and closes Vert.x, waiting at most 30 s. */
    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("service did not stop cleanly", e);
        }
    }
}
