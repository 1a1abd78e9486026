package io.symoe.orchestrator.eventbus;

import io.symoe.core.Answer;
import io.symoe.core.Assignment;
import io.symoe.core.ExpertOutput;
import io.symoe.core.Instance;
import io.symoe.orchestrator.api.ChatResponses;
import io.symoe.orchestrator.api.JsonTypes;
import io.symoe.orchestrator.api.QuestionText;
import io.symoe.orchestrator.api.RequestValidationException;
import io.symoe.orchestrator.http.ApiError;
import io.symoe.orchestrator.http.ChatCompletionsHandler;
import io.symoe.orchestrator.api.TaskInference;
import io.symoe.orchestrator.pipeline.Pipeline;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The pipeline on the event bus, for Vert.x applications in the same JVM or cluster:
 * {@code symoe.solve} (request/reply; body = an {@link Instance} record or its JSON {@code {id?, text, symoe?:{task}}},
 * reply = answer + provenance as JSON) and {@code symoe.events} (published {@code solved}/{@code failed} events).
 */
public final class EventBusApi {
    public static final String SOLVE = "symoe.solve";
    public static final String EVENTS = "symoe.events";

    private static final System.Logger LOG = System.getLogger(EventBusApi.class.getName());
    private final EventBus bus;
    private final Pipeline pipeline;
    private final TaskInference tasks;
    private MessageConsumer<Object> consumer;

    public EventBusApi(EventBus bus, Pipeline pipeline, TaskInference tasks) {
        this.bus = bus;
        this.pipeline = pipeline;
        this.tasks = tasks;
    }

    /** Registers the domain-record codecs once per event bus (local delivery passes records by reference). */
    public static void registerCodecs(EventBus bus) {
        for (Class<? extends Record> type : List.of(Instance.class, Answer.class, Assignment.class, ExpertOutput.class)) {
            register(bus, type);
        }
    }

    private static <T extends Record> void register(EventBus bus, Class<T> type) {
        try {
            bus.registerDefaultCodec(type, new RecordCodec<>(type));
        } catch (IllegalStateException alreadyRegistered) {
            // Another service instance on the same Vert.x registered it first; one registration serves both.
        }
    }

    public Future<Void> start() {
        consumer = bus.consumer(SOLVE, this::solve);
        return consumer.completion();
    }

    public Future<Void> stop() {
        return consumer == null ? Future.succeededFuture() : consumer.unregister();
    }

    /**
     * Always replies, success or failure: a requester waits on its reply until its own time-out, so an exception
     * escaping here (a bad body, a bug in the pipeline) would look like a hang. Failure codes are the HTTP
     * statuses the same problem answers on {@code /v1/chat/completions}.
     */
    private void solve(Message<Object> msg) {
        Instance instance;
        try {
            instance = toInstance(msg.body());
        } catch (RequestValidationException | IllegalArgumentException e) {
            msg.fail(400, "bad instance: " + e.getMessage());
            return;
        }
        long t0 = System.nanoTime();
        Future<io.symoe.orchestrator.pipeline.SolveResult> solved;
        try {
            solved = pipeline.solve(instance);
        } catch (RuntimeException e) {
            solved = Future.failedFuture(e);
        }
        solved.onComplete(ar -> {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (ar.succeeded()) {
                try {
                    JsonObject reply = new JsonObject().put("id", instance.id())
                            .put("answer", ar.result().answer().extractedAnswer().orElse(null))
                            .put("text", ar.result().answer().text())
                            .put("symoe", ChatResponses.provenance("default", ar.result()));
                    msg.reply(reply);
                    bus.publish(EVENTS, new JsonObject().put("type", "solved").put("id", instance.id())
                            .put("answer", reply.getValue("answer")).put("latency_ms", ms));
                } catch (RuntimeException e) {
                    failed(msg, instance, e, ms);
                }
            } else {
                failed(msg, instance, ar.cause(), ms);
            }
        });
    }

    private void failed(Message<Object> msg, Instance instance, Throwable cause, long ms) {
        ApiError error = ChatCompletionsHandler.toError(cause);
        if (error.status() == 500) {
            LOG.log(System.Logger.Level.ERROR, "symoe.solve " + instance.id() + " failed", cause);
        }
        msg.fail(error.status(), error.message());
        bus.publish(EVENTS, new JsonObject().put("type", "failed").put("id", instance.id())
                .put("error", error.message()).put("code", error.code()).put("latency_ms", ms));
    }

    private Instance toInstance(Object body) {
        if (body instanceof Instance i) {
            return i;
        }
        if (!(body instanceof JsonObject o)) {
            throw new IllegalArgumentException("expected an Instance or a JSON object {id?, text}, got "
                    + (body instanceof String || body instanceof Number || body instanceof Boolean || body == null
                    || body instanceof io.vertx.core.json.JsonArray ? JsonTypes.kind(body) : body.getClass().getName()));
        }
        Object text = o.getValue("text");
        if (!(text instanceof String t)) {
            throw new RequestValidationException("text", "must be a string, got " + JsonTypes.kind(text));
        }
        QuestionText.checkQuestion("text", t);
        Object rawId = o.getValue("id");
        if (rawId != null && !(rawId instanceof String s && !s.isBlank() && s.length() <= 256)) {
            throw new RequestValidationException("id", "must be a non-empty string (<= 256 chars) or absent");
        }
        String id = rawId == null ? "eb-" + UUID.randomUUID() : QuestionText.checkUnicode("id", (String) rawId);
        return new Instance(id, t, tasks.infer(t, o.getValue("symoe"), "symoe"), List.of(), Map.of());
    }
}
