package io.symoe.orchestrator.eventbus;

import io.symoe.core.Answer;
import io.symoe.core.Assignment;
import io.symoe.core.ExpertOutput;
import io.symoe.core.Instance;
import io.symoe.orchestrator.api.ChatResponses;
import io.symoe.orchestrator.api.RequestValidationException;
import io.symoe.orchestrator.api.TaskInference;
import io.symoe.orchestrator.pipeline.Pipeline;
import io.symoe.orchestrator.pipeline.PipelineException;
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

    private void solve(Message<Object> msg) {
        Instance instance;
        try {
            instance = toInstance(msg.body());
        } catch (RequestValidationException | IllegalArgumentException | ClassCastException e) {
            msg.fail(400, "bad instance: " + e.getMessage());
            return;
        }
        long t0 = System.nanoTime();
        pipeline.solve(instance).onComplete(ar -> {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (ar.succeeded()) {
                JsonObject reply = new JsonObject().put("id", instance.id())
                        .put("answer", ar.result().answer().extractedAnswer().orElse(null))
                        .put("text", ar.result().answer().text())
                        .put("symoe", ChatResponses.provenance("default", ar.result()));
                msg.reply(reply);
                bus.publish(EVENTS, new JsonObject().put("type", "solved").put("id", instance.id())
                        .put("answer", reply.getValue("answer")).put("latency_ms", ms));
            } else {
                int code = ar.cause() instanceof PipelineException p ? switch (p.reason()) {
                    case NO_HEALTHY_EXPERT, NOT_READY -> 503;
                    case OVERLOADED -> 429;
                    case TIMEOUT -> 504;
                    case BAD_INSTANCE -> 400;
                    case INTERNAL -> 500;
                } : 500;
                msg.fail(code, String.valueOf(ar.cause().getMessage()));
                bus.publish(EVENTS, new JsonObject().put("type", "failed").put("id", instance.id())
                        .put("error", String.valueOf(ar.cause().getMessage())).put("latency_ms", ms));
            }
        });
    }

    private Instance toInstance(Object body) {
        if (body instanceof Instance i) {
            return i;
        }
        if (!(body instanceof JsonObject o)) {
            throw new IllegalArgumentException("expected an Instance or a JSON object {id?, text}");
        }
        Object text = o.getValue("text");
        if (!(text instanceof String t) || t.isBlank()) {
            throw new RequestValidationException("text", "must be a non-empty string");
        }
        String id = o.getValue("id") instanceof String s && !s.isBlank() ? s : "eb-" + UUID.randomUUID();
        return new Instance(id, t, tasks.infer(t, o.getJsonObject("symoe")), List.of(), Map.of());
    }
}
