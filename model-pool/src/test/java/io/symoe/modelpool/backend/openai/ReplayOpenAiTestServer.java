package io.symoe.modelpool.backend.openai;

import io.symoe.core.generation.ChatMessage;
import io.symoe.core.generation.Generation;
import io.symoe.core.generation.GenerationException;
import io.symoe.core.generation.GenerationParams;
import io.symoe.core.generation.Prompt;
import io.symoe.modelpool.backend.replay.ReplayBackend;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * TEST SERVER: a minimal OpenAI-compatible endpoint over loopback that serves symoe's {@link ReplayBackend}, with
 * scripted faults (429 + Retry-After, 500, slow answers, connections dropped mid-response, context-length 400s)
 * and the residency endpoints of Ollama, vLLM sleep mode, llama.cpp router mode and llama-swap emulated on top of
 * the replay backend's load/unload. Only as much protocol as the client needs; not a server to ship.
 */
final class ReplayOpenAiTestServer implements AutoCloseable {

    sealed interface Fault {
        record RateLimited(int retryAfterSeconds) implements Fault {}

        record ServerError() implements Fault {}

        record Slow(long millis) implements Fault {}

        record DropConnection() implements Fault {}

        record ContextLength() implements Fault {}
    }

    private final Vertx vertx;
    private final ReplayBackend replay;
    private final HttpServer server;
    private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final AtomicInteger completionCalls = new AtomicInteger();
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger maxConcurrent = new AtomicInteger();
    private final List<String> residencyCalls = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile boolean sleeping;

    ReplayOpenAiTestServer(Vertx vertx, ReplayBackend replay) throws Exception {
        this.vertx = vertx;
        this.replay = replay;
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create());
        router.post("/v1/chat/completions").handler(this::completions);
        router.get("/v1/models").handler(ctx -> {
            JsonArray data = new JsonArray();
            replay.listModels().toCompletableFuture().join().forEach(m -> data.add(new JsonObject().put("id", m).put("object", "model")));
            json(ctx, new JsonObject().put("object", "list").put("data", data));
        });
        // Ollama
        router.post("/api/generate").handler(ctx -> {
            JsonObject b = ctx.body().asJsonObject();
            String model = b.getString("model");
            int keepAlive = b.getInteger("keep_alive", 300);
            residencyCalls.add("ollama keep_alive=" + keepAlive + " " + model);
            (keepAlive == 0 ? replay.unload(model) : replay.load(model)).whenComplete((v, e) ->
                    answerAfter(ctx, e, new JsonObject().put("model", model).put("done", true)));
        });
        router.get("/api/ps").handler(ctx -> {
            JsonArray models = new JsonArray();
            replay.residentModels().toCompletableFuture().join().forEach(m -> models.add(new JsonObject().put("name", m).put("model", m)));
            json(ctx, new JsonObject().put("models", models));
        });
        // vLLM sleep mode
        router.post("/sleep").handler(ctx -> {
            residencyCalls.add("vllm sleep level=" + ctx.request().getParam("level"));
            sleeping = true;
            ctx.response().setStatusCode(200).end();
        });
        router.post("/wake_up").handler(ctx -> {
            residencyCalls.add("vllm wake_up");
            sleeping = false;
            ctx.response().setStatusCode(200).end();
        });
        router.get("/is_sleeping").handler(ctx -> json(ctx, new JsonObject().put("is_sleeping", sleeping)));
        // llama.cpp router mode
        router.post("/models/load").handler(ctx -> {
            String model = ctx.body().asJsonObject().getString("model");
            residencyCalls.add("llamacpp load " + model);
            replay.load(model).whenComplete((v, e) -> answerAfter(ctx, e, new JsonObject().put("success", true)));
        });
        router.post("/models/unload").handler(ctx -> {
            String model = ctx.body().asJsonObject().getString("model");
            residencyCalls.add("llamacpp unload " + model);
            replay.unload(model).whenComplete((v, e) -> answerAfter(ctx, e, new JsonObject().put("success", true)));
        });
        router.get("/models").handler(ctx -> {
            var resident = replay.residentModels().toCompletableFuture().join();
            JsonArray data = new JsonArray();
            replay.listModels().toCompletableFuture().join().forEach(m -> data.add(new JsonObject().put("id", m)
                    .put("status", new JsonObject().put("value", resident.contains(m) ? "loaded" : "unloaded"))));
            json(ctx, new JsonObject().put("data", data));
        });
        // llama-swap
        router.post("/api/models/unload/:id").handler(ctx -> {
            String model = ctx.pathParam("id");
            residencyCalls.add("llamaswap unload " + model);
            replay.unload(model).whenComplete((v, e) -> answerAfter(ctx, e, new JsonObject()));
        });
        router.get("/running").handler(ctx -> {
            JsonArray running = new JsonArray();
            replay.residentModels().toCompletableFuture().join().forEach(m -> running.add(new JsonObject().put("model", m).put("state", "ready")));
            json(ctx, new JsonObject().put("running", running));
        });
        this.server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    int port() {
        return server.actualPort();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The next completion calls fail with these faults, in order; later calls succeed. */
    void script(Fault... next) {
        faults.addAll(List.of(next));
    }

    int completionCalls() {
        return completionCalls.get();
    }

    List<String> residencyCalls() {
        return List.copyOf(residencyCalls);
    }

    int maxConcurrentCompletions() {
        return maxConcurrent.get();
    }

    private void completions(RoutingContext ctx) {
        completionCalls.incrementAndGet();
        maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
        ctx.addEndHandler(v -> concurrent.decrementAndGet());
        JsonObject body = ctx.body().asJsonObject();
        Fault fault = faults.poll();
        HttpServerResponse resp = ctx.response();
        if (fault != null) {
            switch (fault) {
                case Fault.RateLimited r -> {
                    resp.setStatusCode(429).putHeader("Retry-After", Integer.toString(r.retryAfterSeconds()))
                            .end(error("rate limit exceeded", "rate_limit_exceeded").encode());
                    return;
                }
                case Fault.ServerError s -> {
                    resp.setStatusCode(500).end(error("internal error", "server_error").encode());
                    return;
                }
                case Fault.ContextLength c -> {
                    resp.setStatusCode(400).end(error("This model's maximum context length is 4096 tokens. However, you requested 9000 tokens.",
                            "context_length_exceeded").encode());
                    return;
                }
                case Fault.DropConnection d -> {
                    resp.setChunked(true).putHeader("Content-Type", body.getBoolean("stream", false) ? "text/event-stream" : "application/json");
                    resp.write(body.getBoolean("stream", false) ? "data: {\"choices\":[{\"delta\":{\"content\":\"par\"}}]}\n\n" : "{\"id\":\"x\",\"choi");
                    vertx.setTimer(20, t -> ctx.request().connection().close());
                    return;
                }
                case Fault.Slow s -> {
                    vertx.setTimer(s.millis(), t -> answer(ctx, body));
                    return;
                }
            }
        }
        answer(ctx, body);
    }

    private void answer(RoutingContext ctx, JsonObject body) {
        String model = body.getString("model");
        List<ChatMessage> messages = new ArrayList<>();
        for (Object o : body.getJsonArray("messages")) {
            JsonObject m = (JsonObject) o;
            messages.add(new ChatMessage(ChatMessage.Role.valueOf(m.getString("role").toUpperCase(Locale.ROOT)), m.getString("content")));
        }
        // The OpenAI protocol carries no instance id: the replay matches on the last user turn's text.
        Prompt prompt = new Prompt("http-request", messages);
        replay.generate(model, List.of(prompt), GenerationParams.GREEDY).whenComplete((gens, err) -> {
            if (err != null) {
                Throwable cause = err.getCause() != null ? err.getCause() : err;
                int status = cause instanceof GenerationException g && g.kind() == GenerationException.Kind.NOT_FOUND ? 404 : 500;
                ctx.response().setStatusCode(status).end(error(cause.getMessage(), "not_found").encode());
                return;
            }
            Generation g = gens.getFirst();
            if (body.getBoolean("stream", false)) {
                stream(ctx.response(), model, g.text());
            } else {
                json(ctx, new JsonObject().put("id", "chatcmpl-replay").put("object", "chat.completion").put("model", model)
                        .put("choices", new JsonArray().add(new JsonObject().put("index", 0)
                                .put("message", new JsonObject().put("role", "assistant").put("content", g.text()))
                                .put("finish_reason", "stop")))
                        .put("usage", new JsonObject().put("prompt_tokens", 11).put("completion_tokens", 7).put("total_tokens", 18)));
            }
        });
    }

    private static void stream(HttpServerResponse resp, String model, String text) {
        resp.setChunked(true).putHeader("Content-Type", "text/event-stream");
        for (int i = 0; i < text.length(); i += 16) {
            String piece = text.substring(i, Math.min(text.length(), i + 16));
            JsonObject chunk = new JsonObject().put("object", "chat.completion.chunk").put("model", model)
                    .put("choices", new JsonArray().add(new JsonObject().put("index", 0)
                            .put("delta", new JsonObject().put("content", piece)).putNull("finish_reason")));
            resp.write("data: " + chunk.encode() + "\n\n");
        }
        resp.write("data: " + new JsonObject().put("choices", new JsonArray().add(new JsonObject().put("index", 0)
                .put("delta", new JsonObject()).put("finish_reason", "stop"))).encode() + "\n\n");
        resp.write("data: " + new JsonObject().put("choices", new JsonArray())
                .put("usage", new JsonObject().put("prompt_tokens", 11).put("completion_tokens", 7)).encode() + "\n\n");
        resp.end("data: [DONE]\n\n");
    }

    private static JsonObject error(String message, String code) {
        return new JsonObject().put("error", new JsonObject().put("message", message).put("type", "invalid_request_error").put("code", code));
    }

    private static void json(RoutingContext ctx, JsonObject body) {
        ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
    }

    private static void answerAfter(RoutingContext ctx, Throwable err, JsonObject ok) {
        if (err != null) {
            ctx.response().setStatusCode(404).end(error(String.valueOf(err.getMessage()), "not_found").encode());
        } else {
            json(ctx, ok);
        }
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
