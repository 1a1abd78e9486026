package io.symoe.orchestrator.http;

import io.symoe.core.AnswerFormat;
import io.symoe.core.Task;
import io.symoe.core.config.ServerConfig;
import io.symoe.orchestrator.api.TaskInference;
import io.symoe.orchestrator.metrics.SymoeMetrics;
import io.symoe.orchestrator.service.ServiceAssembly;
import io.symoe.orchestrator.usage.TokenEstimator;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

/** The HTTP surface of the service: builds the router and binds the server from {@link ServerConfig}. */
public final class HttpApiVerticle extends VerticleBase {
    /** The task of a chat question with no inline options and no explicit task: MMLU-Pro style, options A–J. */
    public static final Task DEFAULT_TASK = new Task("mmlu-pro", new AnswerFormat.MultipleChoice(10));

    private final ServerConfig config;
    private final ServiceAssembly services;
    private final SymoeMetrics metrics;
    private HttpServer server;

    public HttpApiVerticle(ServerConfig config, ServiceAssembly services, SymoeMetrics metrics) {
        this.config = config;
        this.services = services;
        this.metrics = metrics;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.route().handler(new RequestIdHandler());
        // Keys are checked before any body is read, so a client without one cannot make the server buffer
        // max-body bytes per request.
        ApiKeyAuth auth = new ApiKeyAuth(config.apiKeys(), config.rateLimit(), config.rateBurst());
        router.route("/v1/*").handler(auth);
        router.route("/admin/*").handler(auth);
        // The body limit is declared once, before any handler reads a body, so an oversized request is refused
        // with 413 before it is buffered.
        router.route().handler(BodyHandler.create(false).setBodyLimit(config.maxBody().bytes()));
        if (services == null) {
            HealthRoutes.mount(router);
        } else {
            HealthRoutes.mount(router, services::ready, services::readiness);
        }
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(metrics.scrape()));

        if (services != null) {
            // Usage estimates tokenize on the event loop; the tokenizer's one-off load (a JSON vocabulary and a
            // native library) happens here on a worker instead of inside the first request.
            vertx.executeBlocking(() -> TokenEstimator.shared().count("warm up"), false);
            TaskInference tasks = new TaskInference(DEFAULT_TASK);
            router.post("/v1/chat/completions").handler(new ChatCompletionsHandler(vertx,
                    Map.copyOf(services.pipelines()), services.dispatcher(), services.pool()::models, tasks,
                    metrics, config.requestTimeout(), config.maxInFlight() + config.maxQueued(), 2048));
            new PoolRoutes(services.pool(), services.dispatcher(), List.copyOf(services.pipelines().keySet()))
                    .mount(router, adminGuard(auth.enabled()));
            new BatchRoutes(services.batchPipelines(), tasks, metrics).mount(router);
        }
        answerWrongMethodsWith405(router);
        router.route().last().handler(ctx -> ctx.fail(404));
        router.route().failureHandler(new ApiFailureHandler(config.maxBody().bytes()));

        return vertx.createHttpServer(new HttpServerOptions()
                        .setHost(config.host())
                        .setPort(config.port())
                        .setMaxFormAttributeSize((int) Math.min(Integer.MAX_VALUE, config.maxBody().bytes())))
                .requestHandler(router)
                .listen()
                .onSuccess(s -> server = s);
    }

    /**
     * A known path asked with a method it does not answer is a 405 naming the methods it does (in {@code Allow}),
     * not a 404 that suggests the path is wrong. The methods come from the route table itself, so a new route
     * needs no entry here.
     */
    private static void answerWrongMethodsWith405(Router router) {
        Map<String, java.util.Set<String>> methodsByPath = new java.util.LinkedHashMap<>();
        for (var route : router.getRoutes()) {
            if (route.getPath() != null && route.methods() != null && !route.methods().isEmpty()) {
                var methods = methodsByPath.computeIfAbsent(route.getPath(), p -> new java.util.TreeSet<>());
                route.methods().forEach(m -> methods.add(m.name()));
            }
        }
        methodsByPath.forEach((path, methods) -> {
            String allow = String.join(", ", methods);
            router.route(path).handler(ctx -> ctx.fail(new ApiException(
                    ApiError.methodNotAllowed(ctx.request().method().name(), ctx.request().path(), allow))));
        });
    }

    /**
     * Admin routes change what is loaded, so without API keys they answer only clients on this host; with keys,
     * the key check before them is the guard.
     */
    private static Handler<RoutingContext> adminGuard(boolean keysEnabled) {
        return ctx -> {
            if (keysEnabled || isLoopback(ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().host())) {
                ctx.next();
            } else {
                ctx.fail(new ApiException(new ApiError(403, "invalid_request_error", "forbidden",
                        "admin endpoints answer only loopback clients unless server.api-keys is configured")));
            }
        };
    }

    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The bound port (useful when the config asked for port 0). */
    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }
}
