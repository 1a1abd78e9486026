package io.symoe.orchestrator.http;

import io.symoe.core.config.ServerConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/** The HTTP surface of the service: builds the router and binds the server from {@link ServerConfig}. */
public final class HttpApiVerticle extends VerticleBase {
    private final ServerConfig config;
    private HttpServer server;

    public HttpApiVerticle(ServerConfig config) {
        this.config = config;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        // The body limit is declared once, before any handler reads a body, so an oversized request is refused
        // with 413 before it is buffered.
        router.route().handler(BodyHandler.create(false).setBodyLimit(config.maxBody().bytes()));
        HealthRoutes.mount(router);
        router.route().last().handler(ctx -> ctx.fail(404));
        router.route().failureHandler(new ApiFailureHandler(config.maxBody().bytes()));

        return vertx.createHttpServer(new HttpServerOptions()
                        .setHost(config.host())
                        .setPort(config.port()))
                .requestHandler(router)
                .listen()
                .onSuccess(s -> server = s);
    }

    /** The bound port (useful when the config asked for port 0). */
    public int actualPort() {
        return server == null ? -1 : server.actualPort();
    }
}
