package io.symoe.orchestrator.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Liveness (the process is up and its event loop answers) and readiness (profiles and the embedding model are
 * loaded, so ensemble requests can be served).
 */
public final class HealthRoutes {
    private static final String UP = new JsonObject().put("status", "UP").encode();

    private HealthRoutes() {}

    public static void mount(Router router) {
        mount(router, () -> true, () -> "ready");
    }

    public static void mount(Router router, BooleanSupplier ready, Supplier<String> detail) {
        router.get("/health/live").handler(ctx -> ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(UP));
        router.get("/health/ready").handler(ctx -> {
            boolean ok = ready.getAsBoolean();
            ctx.response().setStatusCode(ok ? 200 : 503)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(new JsonObject().put("status", ok ? "UP" : "DOWN").put("detail", detail.get()).encode());
        });
    }
}
