package io.symoe.orchestrator.http;

import io.symoe.core.Instance;
import io.symoe.orchestrator.api.JsonTypes;
import io.symoe.orchestrator.api.QuestionText;
import io.symoe.orchestrator.api.RequestValidationException;
import io.symoe.orchestrator.api.TaskInference;
import io.symoe.orchestrator.metrics.SymoeMetrics;
import io.symoe.orchestrator.pipeline.SymoePipeline;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /v1/symoe/batches} starts a batch and answers its id at once; {@code GET /v1/symoe/batches/{id}}
 * reports progress and, when done, results. Batches live in the server, so a client that disconnects loses
 * nothing and polls again later. The most recent {@link #KEEP} batches are kept.
 */
public final class BatchRoutes {
    public static final int KEEP = 256;
    public static final int MAX_INSTANCES = 10_000;

    private final Map<String, SymoePipeline> pipelines;
    private final TaskInference tasks;
    private final SymoeMetrics metrics;
    private final Map<String, BatchState> batches = new LinkedHashMap<>();

    private static final class BatchState {
        final String id;
        final List<Instance> instances;
        final long created = System.currentTimeMillis() / 1000;
        volatile String status = "queued";
        volatile String phase = "queued";
        volatile SymoePipeline.Run run;
        volatile String error;

        BatchState(String id, List<Instance> instances) {
            this.id = id;
            this.instances = instances;
        }
    }

    /** @param pipelines batch pipelines by name; a batch picks one with {@code "pipeline"} (default: "default") */
    public BatchRoutes(Map<String, SymoePipeline> pipelines, TaskInference tasks, SymoeMetrics metrics) {
        this.pipelines = Map.copyOf(pipelines);
        this.tasks = tasks;
        this.metrics = metrics;
    }

    public void mount(Router router) {
        router.post("/v1/symoe/batches").handler(this::create);
        router.get("/v1/symoe/batches/:id").handler(this::get);
    }

    private void create(RoutingContext ctx) {
        List<Instance> instances;
        SymoePipeline pipeline;
        try {
            JsonObject body = JsonBodies.object(ctx);
            instances = parse(body);
            Object name = body.getValue("pipeline", "default");
            if (!(name instanceof String n) || n.isBlank()) {
                throw new RequestValidationException("pipeline", "must be a pipeline name, got " + JsonTypes.kind(name));
            }
            pipeline = pipelines.get(QuestionText.checkUnicode("pipeline", n));
            if (pipeline == null) {
                ctx.fail(new ApiException(new ApiError(404, "invalid_request_error", "model_not_found",
                        "no pipeline '" + name + "' (configured: " + pipelines.keySet() + ")", "pipeline", null)));
                return;
            }
        } catch (ApiException e) {
            ctx.fail(e);
            return;
        } catch (RequestValidationException e) {
            ctx.fail(new ApiException(ApiError.invalidField(e.param(), e.getMessage())));
            return;
        }
        // Refuse at once (readiness's own reason, as chat gives): a 202 for a batch that
        // can only fail hides why.
        var refusal = pipeline.refusal();
        if (refusal.isPresent()) {
            ctx.fail(new ApiException(ChatCompletionsHandler.toError(refusal.get())));
            return;
        }
        BatchState state = new BatchState("batch-" + UUID.randomUUID(), instances);
        synchronized (batches) {
            batches.put(state.id, state);
            evictOld();
        }
        state.status = "running";
        pipeline.run(instances, phase -> state.phase = phase).onComplete(ar -> {
            if (ar.succeeded()) {
                state.run = ar.result();
                state.status = "completed";
                state.phase = "done";
                metrics.request("batch", "ensemble", "ok");
            } else {
                state.error = String.valueOf(ar.cause().getMessage());
                state.status = "failed";
                metrics.request("batch", "ensemble", "error");
            }
        });
        ctx.response().setStatusCode(202).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.LOCATION, "/v1/symoe/batches/" + state.id)
                .end(summary(state).encode());
    }

    private void get(RoutingContext ctx) {
        BatchState state;
        synchronized (batches) {
            state = batches.get(ctx.pathParam("id"));
        }
        if (state == null) {
            ctx.fail(new ApiException(ApiError.notFound("no batch '" + ctx.pathParam("id") + "'")));
            return;
        }
        JsonObject body = summary(state);
        SymoePipeline.Run run = state.run;
        if (run != null) {
            JsonArray results = new JsonArray();
            for (SymoePipeline.Item item : run.items()) {
                JsonObject r = new JsonObject().put("id", item.instance().id());
                if (item.result() == null) {
                    r.put("error", item.error());
                } else {
                    var answer = item.result().answer();
                    JsonArray experts = new JsonArray();
                    answer.experts().forEach(e -> experts.add(new JsonObject().put("model", e.modelId())
                            .put("answer", e.extractedAnswer().orElse(null))));
                    r.put("answer", answer.extractedAnswer().orElse(null)).put("text", answer.text())
                            .put("strategy", answer.strategy()).put("aggregator_skipped", !answer.aggregatorCalled())
                            .put("experts", experts)
                            .put("rerouted", new JsonObject(new LinkedHashMap<>(item.result().rerouted())));
                }
                results.add(r);
            }
            body.put("model_loads", run.loads()).put("reassignments", run.reassignments()).put("results", results);
        }
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.encode());
    }

    private static JsonObject summary(BatchState s) {
        SymoePipeline.Run run = s.run;
        long failed = run == null ? 0 : run.items().stream().filter(i -> i.result() == null).count();
        JsonObject o = new JsonObject().put("id", s.id).put("object", "symoe.batch").put("created", s.created)
                .put("status", s.status).put("phase", s.phase).put("total", s.instances.size())
                .put("completed", run == null ? 0 : run.items().size() - failed).put("failed", failed);
        if (s.error != null) {
            o.put("error", s.error);
        }
        return o;
    }

    private void evictOld() {
        var it = batches.entrySet().iterator();
        while (batches.size() > KEEP && it.hasNext()) {
            var e = it.next();
            if (!"running".equals(e.getValue().status)) {
                it.remove();
            }
        }
    }

    private List<Instance> parse(JsonObject body) {
        Object raw = body.getValue("instances");
        if (!(raw instanceof JsonArray arr) || arr.isEmpty()) {
            throw new RequestValidationException("instances", "must be a non-empty array of {\"id\", \"text\"}, got "
                    + (raw instanceof JsonArray ? "an empty array" : JsonTypes.kind(raw)));
        }
        if (arr.size() > MAX_INSTANCES) {
            throw new RequestValidationException("instances", "holds more than " + MAX_INSTANCES + " entries");
        }
        List<Instance> out = new ArrayList<>(arr.size());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < arr.size(); i++) {
            String at = "instances[" + i + "]";
            if (!(arr.getValue(i) instanceof JsonObject o)) {
                throw new RequestValidationException(at, "must be an object with id and text, got " + JsonTypes.kind(arr.getValue(i)));
            }
            Object id = o.getValue("id");
            Object text = o.getValue("text");
            if (!(id instanceof String sid) || sid.isBlank() || sid.length() > 256) {
                throw new RequestValidationException(at + ".id", "must be a non-empty string (<= 256 chars)");
            }
            QuestionText.checkUnicode(at + ".id", sid);
            if (!(text instanceof String stext)) {
                throw new RequestValidationException(at + ".text", "must be a string, got " + JsonTypes.kind(text));
            }
            QuestionText.checkQuestion(at + ".text", stext);
            if (!ids.add(sid)) {
                throw new RequestValidationException(at + ".id", "repeats id '" + sid + "'");
            }
            out.add(new Instance(sid, stext, tasks.infer(stext, o.getValue("symoe"), at + ".symoe"), List.of(), Map.of()));
        }
        return out;
    }
}
