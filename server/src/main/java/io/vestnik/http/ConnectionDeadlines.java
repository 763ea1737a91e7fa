package io.vestnik.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vestnik.config.HttpLimits;
import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Problem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Closes HTTP connections that hold a socket without making progress: one that has not sent a
 * complete request head within the header timeout of connecting, one idle between requests past
 * the keep-alive timeout, and one whose request body has not fully arrived within the body timeout
 * of its head (answered 408 first). A request being served — a handler at work, an SSE stream, a
 * long poll — is never cut, and a connection that becomes a WebSocket leaves this watch: the
 * heartbeat guards it from then on.
 *
 * <p>Vert.x's own idle timeout cannot do this: it covers the whole connection, so it would end
 * quiet SSE streams, long polls and WebSockets too, and a client trickling a byte at a time never
 * looks idle. Checked by one sweep per event loop, so the bounds hold to within a sweep period.
 * One instance per event loop; every method runs on that loop.
 */
public final class ConnectionDeadlines {
    private static final long MAX_SWEEP_MILLIS = 1000;

    private final Vertx vertx;
    private final HttpLimits limits;
    private final Map<SocketAddress, Watched> connections = new HashMap<>();
    private long sweeper = -1;

    private static final class Watched {
        final HttpConnection connection;
        final List<InFlight> requests = new ArrayList<>(1);
        long idleSince;
        long idleTimeout;

        Watched(HttpConnection connection, long now, long headerTimeout) {
            this.connection = connection;
            this.idleSince = now;
            this.idleTimeout = headerTimeout;
        }
    }

    private record InFlight(HttpServerRequest request, long arrivedAt) {
        boolean answered() {
            return request.response().ended() || request.response().closed();
        }
    }

    public ConnectionDeadlines(Vertx vertx, HttpLimits limits) {
        this.vertx = vertx;
        this.limits = limits;
    }

    public void start() {
        long shortest = Math.min(limits.headerTimeout().toMillis(), limits.bodyTimeout().toMillis());
        sweeper = vertx.setPeriodic(Math.max(50, Math.min(MAX_SWEEP_MILLIS, shortest / 4)), id -> sweep());
    }

    public void stop() {
        vertx.cancelTimer(sweeper);
    }

    public void connected(HttpConnection connection) {
        SocketAddress peer = connection.remoteAddress();
        connections.put(peer, new Watched(connection, now(), limits.headerTimeout().toNanos()));
        connection.closeHandler(closed -> connections.remove(peer));
    }

    /** A request's head has arrived. */
    public void requestArrived(HttpServerRequest request) {
        Watched watched = connections.get(request.connection().remoteAddress());
        if (watched != null) watched.requests.add(new InFlight(request, now()));
    }

    /** An upgrade's head has arrived: its answer is due within the header timeout, as a request's head was. */
    public void upgradeArrived(SocketAddress peer) {
        Watched watched = connections.get(peer);
        if (watched != null) watched.idleSince = now();
    }

    /** The connection is a WebSocket now. */
    public void upgraded(SocketAddress peer) {
        connections.remove(peer);
    }

    private void sweep() {
        long now = now();
        for (Watched watched : List.copyOf(connections.values())) check(watched, now);
    }

    private void check(Watched watched, long now) {
        boolean wasServing = !watched.requests.isEmpty();
        watched.requests.removeIf(InFlight::answered);
        if (!watched.requests.isEmpty()) {
            watched.requests.stream().filter(r -> bodyOverdue(r, now)).findFirst().ifPresent(r -> timeOut(watched, r));
            return;
        }
        if (wasServing) {
            watched.idleSince = now;
            watched.idleTimeout = limits.keepAliveTimeout().toNanos();
        }
        if (now - watched.idleSince > watched.idleTimeout) watched.connection.close();
    }

    private boolean bodyOverdue(InFlight inFlight, long now) {
        return !inFlight.request().isEnded() && now - inFlight.arrivedAt() > limits.bodyTimeout().toNanos();
    }

    private static void timeOut(Watched watched, InFlight inFlight) {
        Problem late = Problem.of(ErrorCode.REQUEST_TIMEOUT, "The request body did not arrive in time.");
        inFlight.request().response().putHeader(HttpHeaders.CONNECTION, "close");
        Api.error(inFlight.request().response(), late).onComplete(written -> watched.connection.close());
    }

    private static long now() {
        return System.nanoTime();
    }
}
