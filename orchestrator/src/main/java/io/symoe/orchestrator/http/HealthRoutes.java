package io.symoe.orchestrator.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** Liveness: the process is up and its event loop answers. Readiness joins it when the pipeline lands. */
public final class HealthRoutes {
    private static final String UP = new JsonObject().put("status", "UP").encode();

    private HealthRoutes() {}

    public static void mount(Router router) {
        router.get("/health/live").handler(ctx -> ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(UP));
    }
}
