package io.vestnik.node;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vestnik.gateway.Gateway;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One event loop's share of the HTTP and WebSocket server. The node deploys one instance per
 * core; Vert.x spreads accepted connections across them, all on the same port.
 */
final class HttpVerticle extends VerticleBase {
    static final long SHUTDOWN_GRACE_SECONDS = 10;

    private final HttpServerOptions options;
    private final Function<io.vertx.core.Vertx, Router> routes;
    private final Gateway gateway;
    private HttpServer server;

    HttpVerticle(HttpServerOptions options, Function<io.vertx.core.Vertx, Router> routes, Gateway gateway) {
        this.options = options;
        this.routes = routes;
        this.gateway = gateway;
    }

    @Override
    public Future<?> start() {
        server = vertx.createHttpServer(options)
                .requestHandler(routes.apply(vertx))
                .webSocketHandshakeHandler(gateway::handshake)
                .webSocketHandler(socket -> { });
        return server.listen();
    }

    /** Stops accepting, lets requests in flight finish (up to the grace), then closes. */
    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
    }
}
