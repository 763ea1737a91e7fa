package io.vestnik.node;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vestnik.config.HttpLimits;
import io.vestnik.http.ConnectionDeadlines;
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
    private final Handler<ServerWebSocketHandshake> upgrades;
    private final HttpLimits limits;
    private HttpServer server;
    private ConnectionDeadlines deadlines;

    /** @param upgrades what becomes of WebSocket upgrades: the gateway's, or a refusal on a node that serves no clients */
    HttpVerticle(HttpServerOptions options, Function<io.vertx.core.Vertx, Router> routes,
                 Handler<ServerWebSocketHandshake> upgrades, HttpLimits limits) {
        this.options = options;
        this.routes = routes;
        this.upgrades = upgrades;
        this.limits = limits;
    }

    @Override
    public Future<?> start() {
        deadlines = new ConnectionDeadlines(vertx, limits);
        deadlines.start();
        Router router = routes.apply(vertx);
        server = vertx.createHttpServer(options)
                .connectionHandler(deadlines::connected)
                .requestHandler(request -> {
                    deadlines.requestArrived(request);
                    router.handle(request);
                })
                .webSocketHandshakeHandler(handshake -> {
                    deadlines.upgradeArrived(handshake.remoteAddress());
                    upgrades.handle(handshake);
                })
                .webSocketHandler(socket -> deadlines.upgraded(socket.remoteAddress()));
        return server.listen();
    }

    /** Stops accepting, lets requests in flight finish (up to the grace), then closes. */
    @Override
    public Future<?> stop() {
        if (deadlines != null) deadlines.stop();
        return server == null ? Future.succeededFuture() : server.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
    }
}
