package io.symoe.orchestrator.reliability;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A test server speaking the OpenAI chat-completions protocol, run as a real child process (see
 * {@link ChildProcess}) so a test can kill it mid-batch. It answers {@code /v1/models} with its model ids and
 * {@code /v1/chat/completions} with a fixed, deterministic answer naming the model ("The answer is (A).").
 *
 * <p>Its behaviour is switched at run time by {@code POST /test/mode} with {@code {"mode": "ok"|"error-500"|"hang",
 * "delay_ms": N}} so fault tests can make it fail, then recover. {@code GET /test/calls} counts completions asked.
 *
 * <p>Usage: {@code java -cp <test classpath> io.symoe.orchestrator.reliability.OpenAiTestServer model-a,model-b}.
 * It prints {@code LISTENING <port>} once bound (port 0 = any free port; a second argument picks one).
 */
public final class OpenAiTestServer {
    public static final String ANSWER = "Thinking it over. The answer is (A).";

    private OpenAiTestServer() {}

    public static void main(String[] args) throws Exception {
        List<String> models = List.of(args.length > 0 ? args[0].split(",") : new String[] {"test-model"});
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        Vertx vertx = Vertx.vertx();
        HttpServer server = start(vertx, models, port).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        System.out.println("LISTENING " + server.actualPort());
        System.out.flush();
        // Runs until killed; the parent's exit closes stdin, which ends it too.
        while (System.in.read() >= 0) {
            // keep reading
        }
        vertx.close();
        System.exit(0);
    }

    /** Starts the server in this JVM (the gateway benchmark's direct leg uses the same code). */
    public static io.vertx.core.Future<HttpServer> start(Vertx vertx, List<String> models, int port) {
        AtomicReference<JsonObject> mode = new AtomicReference<>(new JsonObject().put("mode", "ok").put("delay_ms", 0));
        AtomicLong calls = new AtomicLong();
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create(false).setBodyLimit(1 << 20));
        router.get("/v1/models").handler(ctx -> {
            JsonArray data = new JsonArray();
            models.forEach(m -> data.add(new JsonObject().put("id", m).put("object", "model").put("owned_by", "test")));
            ctx.json(new JsonObject().put("object", "list").put("data", data));
        });
        router.post("/v1/chat/completions").handler(ctx -> {
            calls.incrementAndGet();
            JsonObject m = mode.get();
            JsonObject req = ctx.body().asJsonObject();
            String model = req == null ? null : req.getString("model");
            if (model == null || !models.contains(model)) {
                ctx.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("error", new JsonObject().put("message", "no model " + model)
                                .put("type", "invalid_request_error").put("code", "model_not_found")).encode());
                return;
            }
            Runnable answer = () -> {
                switch (m.getString("mode")) {
                    case "error-500" -> ctx.response().setStatusCode(500).putHeader("Content-Type", "application/json")
                            .end(new JsonObject().put("error", new JsonObject().put("message", "injected failure")
                                    .put("type", "server_error")).encode());
                    case "hang" -> { } // never answers: the caller's time limit must fire
                    default -> ctx.json(new JsonObject()
                            .put("id", "chatcmpl-test-" + calls.get())
                            .put("object", "chat.completion")
                            .put("created", System.currentTimeMillis() / 1000)
                            .put("model", model)
                            .put("choices", new JsonArray().add(new JsonObject().put("index", 0)
                                    .put("message", new JsonObject().put("role", "assistant").put("content", model + ": " + ANSWER))
                                    .put("finish_reason", "stop")))
                            .put("usage", new JsonObject().put("prompt_tokens", 12).put("completion_tokens", 9)
                                    .put("total_tokens", 21)));
                }
            };
            long delay = m.getLong("delay_ms", 0L);
            if (delay > 0) {
                vertx.setTimer(delay, t -> answer.run());
            } else {
                answer.run();
            }
        });
        router.post("/test/mode").handler(ctx -> {
            mode.set(ctx.body().asJsonObject());
            ctx.json(mode.get());
        });
        router.get("/test/calls").handler(ctx -> ctx.json(new JsonObject().put("calls", calls.get())));
        return vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1");
    }
}
