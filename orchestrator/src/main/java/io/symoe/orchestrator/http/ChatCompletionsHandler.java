package io.symoe.orchestrator.http;

import io.symoe.core.Instance;
import io.symoe.core.TokenCounts;
import io.symoe.core.generation.Generation;
import io.symoe.core.generation.GenerationException;
import io.symoe.core.generation.Generator;
import io.symoe.core.generation.Prompt;
import io.symoe.orchestrator.api.ChatRequest;
import io.symoe.orchestrator.api.ChatResponses;
import io.symoe.orchestrator.api.RequestValidationException;
import io.symoe.orchestrator.api.TaskInference;
import io.symoe.orchestrator.metrics.SymoeMetrics;
import io.symoe.orchestrator.pipeline.AnswerInstructions;
import io.symoe.orchestrator.pipeline.Pipeline;
import io.symoe.orchestrator.pipeline.PipelineException;
import io.symoe.orchestrator.usage.TokenEstimator;
import io.symoe.orchestrator.usage.Usage;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * {@code POST /v1/chat/completions}: {@code model: "symoe"} (or {@code symoe/<pipeline>}) runs the ensemble on the
 * last user message; a pool model id passes straight through to that model. Streams as SSE when asked.
 *
 * <p>Admission control: at most {@code maxInFlight + maxQueued} requests are admitted; beyond that the answer is
 * 429 at once, so a burst cannot grow memory without bound.
 */
public final class ChatCompletionsHandler implements Handler<RoutingContext> {
    public static final String ENSEMBLE = "symoe";
    private static final int STREAM_PIECE = 48;

    private final Vertx vertx;
    private final Map<String, Pipeline> pipelines;
    private final Generator passThrough;
    private final Supplier<Set<String>> poolModels;
    private final TaskInference tasks;
    private final SymoeMetrics metrics;
    private final Duration timeout;
    private final int admitLimit;
    private final int defaultMaxTokens;
    private final AtomicInteger admitted = new AtomicInteger();

    public ChatCompletionsHandler(Vertx vertx, Map<String, Pipeline> pipelines, Generator passThrough,
                                  Supplier<Set<String>> poolModels, TaskInference tasks, SymoeMetrics metrics,
                                  Duration timeout, int admitLimit, int defaultMaxTokens) {
        this.vertx = vertx;
        this.pipelines = Map.copyOf(pipelines);
        this.passThrough = passThrough;
        this.poolModels = poolModels;
        this.tasks = tasks;
        this.metrics = metrics;
        this.timeout = timeout;
        this.admitLimit = admitLimit;
        this.defaultMaxTokens = defaultMaxTokens;
    }

    /** The pipeline a model name selects, or null when it is not an ensemble name. */
    public static String pipelineName(String model) {
        if (model.equals(ENSEMBLE)) {
            return io.symoe.core.config.SymoeConfig.DEFAULT_PIPELINE;
        }
        return model.startsWith(ENSEMBLE + "/") ? model.substring(ENSEMBLE.length() + 1) : null;
    }

    @Override
    public void handle(RoutingContext ctx) {
        JsonObject body;
        ChatRequest request;
        try {
            body = JsonBodies.object(ctx);
            request = ChatRequest.parse(body, defaultMaxTokens);
        } catch (ApiException e) {
            ctx.fail(e);
            return;
        } catch (RequestValidationException e) {
            fail(ctx, ApiError.invalidField(e.param(), e.getMessage()));
            return;
        }
        String pipelineName = pipelineName(request.model());
        boolean ensemble = pipelineName != null;
        if (ensemble && !pipelines.containsKey(pipelineName)) {
            fail(ctx, new ApiError(404, "invalid_request_error", "model_not_found",
                    "no pipeline '" + pipelineName + "' (configured: " + pipelines.keySet() + ")"));
            return;
        }
        if (!ensemble && !poolModels.get().contains(request.model())) {
            fail(ctx, new ApiError(404, "invalid_request_error", "model_not_found",
                    "the model '" + request.model() + "' does not exist; GET /v1/models lists them"));
            return;
        }
        if (admitted.incrementAndGet() > admitLimit) {
            admitted.decrementAndGet();
            ctx.response().putHeader("Retry-After", "1");
            fail(ctx, new ApiError(429, "rate_limit_exceeded", "overloaded",
                    "symoe is at its limit of " + admitLimit + " concurrent requests; retry shortly"));
            return;
        }
        String id = "chatcmpl-" + RequestIdHandler.of(ctx);
        long created = System.currentTimeMillis() / 1000;
        Future<Reply> work = ensemble
                ? solveEnsemble(request, body, pipelineName, ctx)
                : passThrough(request, ctx);
        withTimeout(work).onComplete(ar -> {
            admitted.decrementAndGet();
            String kind = ensemble ? "ensemble" : "passthrough";
            if (ar.failed()) {
                metrics.request("chat", kind, "error");
                fail(ctx, toError(ar.cause()));
                return;
            }
            metrics.request("chat", kind, "ok");
            Reply reply = ar.result();
            if (request.stream()) {
                stream(ctx.response(), id, request.model(), created, reply);
            } else {
                ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end(ChatResponses.completion(id, request.model(), created, reply.text(), reply.finishReason(),
                                reply.usage(), reply.symoe()).encode());
            }
        });
    }

    /** @param symoe the response's {@code symoe} object (provenance and how usage was counted), or null */
    private record Reply(String text, String finishReason, TokenCounts usage, JsonObject symoe) {}

    private Future<Reply> solveEnsemble(ChatRequest request, JsonObject body, String pipelineName, RoutingContext ctx) {
        Instance instance;
        try {
            String question = request.lastUserText();
            instance = new Instance(RequestIdHandler.of(ctx), question,
                    tasks.infer(question, body.getValue("symoe"), "symoe"), List.of(), Map.of());
        } catch (RequestValidationException e) {
            return Future.failedFuture(e);
        }
        Pipeline pipeline = pipelines.get(pipelineName);
        String instruction = AnswerInstructions.forFormat(instance.task().answerFormat());
        return pipeline.solve(instance).map(r -> {
            metrics.aggregation(r.answer().aggregatorCalled());
            Usage usage = Usage.ofEnsemble(r.answer().experts(), instruction, instance.text(), TokenEstimator.shared());
            JsonObject symoe = ChatResponses.provenance(pipelineName, r).put("usage", usage.describe());
            if (usage.estimated()) {
                estimatePerExpert(symoe.getJsonArray("experts"), ChatResponses.answersOf(r));
            }
            return new Reply(r.answer().text(), "stop", usage.counts(), symoe);
        });
    }

    /**
     * The provenance lists each expert's {@code completion_tokens} as its backend reported them; a replay reports
     * none, and a 0 beside an estimated total would read as a measurement, so those get the same estimate.
     * {@code outputs} is aligned with {@code experts} by model ({@link ChatResponses#answersOf}), null where an
     * expert gave no output.
     */
    private static void estimatePerExpert(io.vertx.core.json.JsonArray experts, List<io.symoe.core.ExpertOutput> outputs) {
        if (experts == null) {
            return;
        }
        for (int i = 0; i < experts.size() && i < outputs.size(); i++) {
            io.symoe.core.ExpertOutput out = outputs.get(i);
            if (out != null && experts.getValue(i) instanceof JsonObject e && out.tokens().total() == 0) {
                e.put("completion_tokens", TokenEstimator.shared().count(out.text()));
            }
        }
    }

    private Future<Reply> passThrough(ChatRequest request, RoutingContext ctx) {
        Prompt prompt = new Prompt(RequestIdHandler.of(ctx), request.messages());
        return Future.fromCompletionStage(passThrough.generate(request.model(), List.of(prompt), request.params()))
                .map(gens -> {
                    Generation g = gens.getFirst();
                    Usage usage = Usage.ofCall(request.messages(), g, TokenEstimator.shared());
                    // A pass-through answer carries no provenance; it gets a symoe object only to say its usage is
                    // an estimate, since OpenAI's usage has no field for that.
                    JsonObject symoe = usage.estimated() ? new JsonObject().put("usage", usage.describe()) : null;
                    return new Reply(g.text(), g.finishReason(), usage.counts(), symoe);
                });
    }

    private <T> Future<T> withTimeout(Future<T> work) {
        Promise<T> promise = Promise.promise();
        long timer = vertx.setTimer(timeout.toMillis(), t -> promise.tryFail(new PipelineException(
                PipelineException.Reason.TIMEOUT, "request did not finish within " + timeout.toSeconds() + " s")));
        work.onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.succeeded()) {
                promise.tryComplete(ar.result());
            } else {
                promise.tryFail(ar.cause());
            }
        });
        return promise.future();
    }

    /** SSE in OpenAI's shape: a role chunk, content chunks, a final chunk with the finish reason, then [DONE]. */
    private static void stream(HttpServerResponse res, String id, String model, long created, Reply reply) {
        res.setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        res.write(sse(ChatResponses.chunk(id, model, created, new JsonObject().put("role", "assistant").put("content", ""), null)));
        String text = reply.text();
        for (int i = 0; i < text.length(); i += STREAM_PIECE) {
            String piece = text.substring(i, Math.min(text.length(), i + STREAM_PIECE));
            res.write(sse(ChatResponses.chunk(id, model, created, new JsonObject().put("content", piece), null)));
        }
        JsonObject last = ChatResponses.chunk(id, model, created, new JsonObject(), reply.finishReason())
                .put("usage", ChatResponses.usage(reply.usage()));
        if (reply.symoe() != null) {
            last.put("symoe", reply.symoe());
        }
        res.write(sse(last));
        res.end("data: [DONE]\n\n");
    }

    private static String sse(JsonObject o) {
        return "data: " + o.encode() + "\n\n";
    }

    /** The error a failed solve or call answers with; shared with the event bus so both speak the same codes. */
    public static ApiError toError(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof RequestValidationException v) {
            return ApiError.invalidField(v.param(), v.getMessage());
        }
        if (cause instanceof PipelineException p) {
            return switch (p.reason()) {
                case NO_HEALTHY_EXPERT -> new ApiError(503, "server_error", "no_healthy_expert", p.getMessage());
                case NOT_READY -> new ApiError(503, "server_error", "not_ready", p.getMessage());
                case OVERLOADED -> new ApiError(429, "rate_limit_exceeded", "overloaded", p.getMessage());
                case TIMEOUT -> new ApiError(504, "server_error", "timeout", p.getMessage());
                case BAD_INSTANCE -> new ApiError(400, "invalid_request_error", "invalid_value", p.getMessage());
                case INTERNAL -> ApiError.internal(p.getMessage());
            };
        }
        if (cause instanceof io.symoe.modelpool.backend.replay.AmbiguousQuestionException a) {
            return new ApiError(409, "invalid_request_error", "ambiguous_question", a.getMessage());
        }
        if (cause instanceof GenerationException g) {
            return switch (g.kind()) {
                case CONTEXT_LENGTH -> new ApiError(400, "invalid_request_error", "context_length_exceeded", g.getMessage());
                case NOT_FOUND -> new ApiError(404, "invalid_request_error", "not_recorded", g.getMessage());
                case RATE_LIMITED -> new ApiError(429, "rate_limit_exceeded", "upstream_rate_limited", g.getMessage());
                case TRANSIENT -> new ApiError(503, "server_error", "upstream_unavailable", g.getMessage());
                case PERMANENT -> new ApiError(502, "server_error", "upstream_error", g.getMessage());
            };
        }
        return ApiError.internal("internal error: " + cause.getClass().getSimpleName());
    }

    private static void fail(RoutingContext ctx, ApiError error) {
        ctx.fail(new ApiException(error));
    }

}
