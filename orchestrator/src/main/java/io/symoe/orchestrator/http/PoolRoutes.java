package io.symoe.orchestrator.http;

import io.symoe.core.generation.GenerationException;
import io.symoe.modelpool.pool.ModelPool;
import io.symoe.modelpool.pool.OnlineDispatcher;
import io.symoe.modelpool.residency.ResidencyManager;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;

/**
 * {@code GET /v1/models} (the pool plus the ensemble pipelines, with residency state), {@code GET /admin/pool}
 * (memory, residency, queue per model) and {@code POST /admin/models/{id}/load|unload}.
 */
public final class PoolRoutes {
    private final ModelPool pool;
    private final OnlineDispatcher dispatcher;
    private final Collection<String> pipelines;
    private final long created = System.currentTimeMillis() / 1000;

    public PoolRoutes(ModelPool pool, OnlineDispatcher dispatcher, Collection<String> pipelines) {
        this.pool = pool;
        this.dispatcher = dispatcher;
        this.pipelines = pipelines;
    }

    /** Mounts the public routes; {@code admin} guards the admin routes. */
    public void mount(Router router, io.vertx.core.Handler<RoutingContext> admin) {
        router.get("/v1/models").handler(this::models);
        router.get("/admin/pool").handler(admin).handler(this::pool);
        router.post("/admin/models/:id/load").handler(admin).handler(ctx -> residency(ctx, true));
        router.post("/admin/models/:id/unload").handler(admin).handler(ctx -> residency(ctx, false));
    }

    private void models(RoutingContext ctx) {
        ResidencyManager rm = pool.residency();
        JsonArray data = new JsonArray();
        for (String p : pipelines) {
            data.add(new JsonObject().put("id", p.equals("default") ? "symoe" : "symoe/" + p).put("object", "model")
                    .put("created", created).put("owned_by", "symoe")
                    .put("symoe", new JsonObject().put("kind", "pipeline")));
        }
        var resident = rm.resident();
        for (String m : new TreeSet<>(pool.models())) {
            data.add(new JsonObject().put("id", m).put("object", "model").put("created", created)
                    .put("owned_by", "symoe-pool")
                    .put("symoe", new JsonObject().put("kind", "expert").put("resident", resident.contains(m))
                            .put("memory_bytes", rm.footprint(m))
                            .put("load_time_ms", rm.loadTime(m).toMillis())));
        }
        json(ctx, 200, new JsonObject().put("object", "list").put("data", data));
    }

    private void pool(RoutingContext ctx) {
        ResidencyManager rm = pool.residency();
        var snapshot = rm.snapshot();
        Map<String, Integer> queues = dispatcher.queueLengths();
        JsonArray models = new JsonArray();
        var resident = rm.resident();
        for (String m : new TreeSet<>(pool.models())) {
            models.add(new JsonObject().put("id", m).put("resident", resident.contains(m))
                    .put("in_flight", rm.inFlight(m)).put("queued", queues.getOrDefault(m, 0))
                    .put("memory_bytes", rm.footprint(m)).put("load_time_ms", rm.loadTime(m).toMillis())
                    .put("unload_time_ms", rm.unloadTime(m).toMillis())
                    .put("restarts", pool.backendOf(m).restarts().getOrDefault(m, 0L)));
        }
        json(ctx, 200, new JsonObject()
                .put("memory", new JsonObject().put("budget_bytes", rm.budgetBytes()).put("used_bytes", snapshot.usedBytes()))
                .put("resident", new JsonArray(resident.stream().sorted().toList()))
                .put("loads", rm.loads())
                .put("queued", dispatcher.queued())
                .put("models", models));
    }

    private void residency(RoutingContext ctx, boolean load) {
        // The action is in the path; a body is optional, but one that is there must be a JSON object like on
        // every other JSON endpoint.
        try {
            JsonBodies.optionalObject(ctx);
        } catch (ApiException e) {
            ctx.fail(e);
            return;
        }
        String id = ctx.pathParam("id");
        if (!pool.models().contains(id)) {
            ctx.fail(new ApiException(new ApiError(404, "invalid_request_error", "model_not_found",
                    "the model '" + id + "' is not in the pool")));
            return;
        }
        ResidencyManager rm = pool.residency();
        Future.fromCompletionStage(load ? rm.load(id) : rm.unload(id)).onComplete(ar -> {
            if (ar.succeeded()) {
                json(ctx, 200, new JsonObject().put("model", id).put("resident", rm.resident().contains(id)));
                return;
            }
            Throwable cause = ar.cause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : ar.cause();
            if (cause instanceof IllegalStateException busy) {
                ctx.fail(new ApiException(new ApiError(409, "invalid_request_error", "model_busy", busy.getMessage())));
            } else if (cause instanceof GenerationException g) {
                ctx.fail(new ApiException(new ApiError(502, "server_error", "backend_error", g.getMessage())));
            } else {
                ctx.fail(cause);
            }
        });
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.encode());
    }
}
