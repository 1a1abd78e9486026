package io.symoe.orchestrator.cluster;

import io.symoe.core.TokenCounts;
import io.symoe.core.generation.ChatMessage;
import io.symoe.core.generation.Generation;
import io.symoe.core.generation.GenerationException;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Generator;
import io.symoe.core.generation.Prompt;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Generator} that prefers a member which already has the model loaded (MoETuner-style placement: move the
 * work to the resident model, not the model to the work). A batch for a model this member lacks but another
 * member holds goes to that member over the clustered event bus; if that member fails or leaves, the batch runs
 * locally, so no request is lost.
 */
public final class RemoteDispatchGenerator implements Generator {
    private static final System.Logger LOG = System.getLogger(RemoteDispatchGenerator.class.getName());

    private final EventBus bus;
    private final ClusterView view;
    private final Generator local;
    private final LocalResidency residency;
    private final long timeoutMs;
    private final AtomicLong crossNodeCalls = new AtomicLong();
    private final AtomicLong crossNodeFallbacks = new AtomicLong();
    private MessageConsumer<JsonObject> consumer;
    private final java.util.Map<String, java.util.Set<io.vertx.core.Promise<List<Generation>>>> inFlight =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** Node ids of members that left; node ids are never reused (a restarted member gets a new one). */
    private final java.util.Set<String> departed = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public RemoteDispatchGenerator(EventBus bus, ClusterView view, Generator local, LocalResidency residency,
                                   Duration timeout) {
        this.bus = bus;
        this.view = view;
        this.local = local;
        this.residency = residency;
        this.timeoutMs = timeout.toMillis();
        // The clustered event bus does not fail a request whose target died; it waits for the send timeout (the
        // whole request timeout). Fail those batches as soon as the member is removed, so they run here at once.
        view.onMemberRemoved(this::memberGone);
    }

    private void memberGone(String nodeId) {
        departed.add(nodeId);
        java.util.Set<io.vertx.core.Promise<List<Generation>>> pending = inFlight.remove(nodeId);
        if (pending != null) {
            pending.forEach(p -> p.tryFail("member " + nodeId + " left the cluster"));
        }
    }

    public static String address(String nodeId) {
        return "symoe.node." + nodeId + ".generate";
    }

    /** Serves other members' batches with this member's local generator. */
    public Future<Void> start() {
        consumer = bus.consumer(address(view.localId()), msg -> {
            JsonObject body = msg.body();
            List<Prompt> prompts;
            GenerationParams params;
            try {
                prompts = prompts(body.getJsonArray("prompts"));
                params = params(body.getJsonObject("params"));
            } catch (RuntimeException e) {
                msg.fail(400, "bad generate request: " + e.getMessage());
                return;
            }
            local.generate(body.getString("model"), prompts, params).whenComplete((gens, err) -> {
                if (err != null) {
                    Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null
                            ? err.getCause() : err;
                    msg.fail(cause instanceof GenerationException ge && !ge.retryable() ? 404 : 503,
                            String.valueOf(cause.getMessage()));
                } else {
                    msg.reply(new JsonObject().put("generations", generationsJson(gens)));
                }
            });
        });
        return consumer.completion();
    }

    public Future<Void> stop() {
        return consumer == null ? Future.succeededFuture() : consumer.unregister();
    }

    public long crossNodeCalls() {
        return crossNodeCalls.get();
    }

    public long crossNodeFallbacks() {
        return crossNodeFallbacks.get();
    }

    @Override
    public CompletionStage<List<Generation>> generate(String modelId, List<Prompt> prompts, GenerationParams params) {
        if (residency.residentModels().contains(modelId)) {
            return local.generate(modelId, prompts, params);
        }
        List<String> holders = view.remoteHolders(modelId);
        if (holders.isEmpty()) {
            return local.generate(modelId, prompts, params);
        }
        String target = holders.getFirst();
        crossNodeCalls.incrementAndGet();
        JsonObject request = new JsonObject().put("model", modelId).put("prompts", promptsJson(prompts))
                .put("params", paramsJson(params));
        io.vertx.core.Promise<List<Generation>> remote = io.vertx.core.Promise.promise();
        java.util.Set<io.vertx.core.Promise<List<Generation>>> pending =
                inFlight.computeIfAbsent(target, t -> java.util.concurrent.ConcurrentHashMap.newKeySet());
        pending.add(remote);
        if (departed.contains(target)) {
            // It left between the lookup and the registration: memberGone may already have run.
            remote.tryFail("member " + target + " left the cluster");
        }
        bus.<JsonObject>request(address(target), request, new DeliveryOptions().setSendTimeout(timeoutMs))
                .map(reply -> generations(reply.body().getJsonArray("generations")))
                .onComplete(remote::tryComplete, remote::tryFail);
        return remote.future()
                .onComplete(ar -> pending.remove(remote))
                .recover(err -> {
                    // The holder failed, timed out or left: run it here instead of losing the batch.
                    crossNodeFallbacks.incrementAndGet();
                    LOG.log(System.Logger.Level.WARNING, "member " + target + " could not serve " + modelId
                            + " (" + err.getMessage() + "); running the batch locally");
                    return Future.fromCompletionStage(local.generate(modelId, prompts, params));
                })
                .toCompletionStage();
    }

    static JsonArray promptsJson(List<Prompt> prompts) {
        JsonArray arr = new JsonArray();
        for (Prompt p : prompts) {
            JsonArray msgs = new JsonArray();
            p.messages().forEach(m -> msgs.add(new JsonObject().put("role", m.role().name()).put("content", m.content())));
            arr.add(new JsonObject().put("instanceId", p.instanceId()).put("messages", msgs));
        }
        return arr;
    }

    static List<Prompt> prompts(JsonArray arr) {
        List<Prompt> out = new ArrayList<>(arr.size());
        for (int i = 0; i < arr.size(); i++) {
            JsonObject p = arr.getJsonObject(i);
            List<ChatMessage> msgs = new ArrayList<>();
            JsonArray ms = p.getJsonArray("messages");
            for (int j = 0; j < ms.size(); j++) {
                JsonObject m = ms.getJsonObject(j);
                msgs.add(new ChatMessage(ChatMessage.Role.valueOf(m.getString("role")), m.getString("content")));
            }
            out.add(new Prompt(p.getString("instanceId"), msgs));
        }
        return out;
    }

    static JsonObject paramsJson(GenerationParams p) {
        JsonObject o = new JsonObject().put("temperature", p.temperature()).put("topP", p.topP())
                .put("maxTokens", p.maxTokens()).put("stop", new JsonArray(p.stop()));
        p.seed().ifPresent(s -> o.put("seed", s));
        return o;
    }

    static GenerationParams params(JsonObject o) {
        List<String> stop = new ArrayList<>();
        o.getJsonArray("stop", new JsonArray()).forEach(s -> stop.add((String) s));
        return new GenerationParams(o.getDouble("temperature"), o.getDouble("topP"), o.getInteger("maxTokens"),
                o.containsKey("seed") ? java.util.OptionalLong.of(o.getLong("seed")) : java.util.OptionalLong.empty(),
                stop);
    }

    static JsonArray generationsJson(List<Generation> gens) {
        JsonArray arr = new JsonArray();
        for (Generation g : gens) {
            arr.add(new JsonObject().put("instanceId", g.instanceId()).put("modelId", g.modelId())
                    .put("text", g.text()).put("prompt", g.tokens().prompt()).put("completion", g.tokens().completion())
                    .put("latencyMs", g.latency().toMillis()).put("finishReason", g.finishReason()));
        }
        return arr;
    }

    static List<Generation> generations(JsonArray arr) {
        List<Generation> out = new ArrayList<>(arr.size());
        for (int i = 0; i < arr.size(); i++) {
            JsonObject g = arr.getJsonObject(i);
            out.add(new Generation(g.getString("instanceId"), g.getString("modelId"), g.getString("text"),
                    new TokenCounts(g.getInteger("prompt"), g.getInteger("completion")),
                    Duration.ofMillis(g.getLong("latencyMs")), g.getString("finishReason")));
        }
        return out;
    }
}
