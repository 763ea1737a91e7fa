package io.vestnik.gateway;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vestnik.auth.Authenticator;
import io.vestnik.auth.Principal;
import io.vestnik.broker.LocalRouter;
import io.vestnik.chat.ChatService;
import io.vestnik.chat.Deliveries;
import io.vestnik.chat.MessageService;
import io.vestnik.chat.Typing;
import io.vestnik.config.Config;
import io.vestnik.domain.Message;
import io.vestnik.http.ClientAddress;
import io.vestnik.http.Failures;
import io.vestnik.metrics.Metrics;
import io.vestnik.node.Offload;
import io.vestnik.presence.PresenceService;
import io.vestnik.protocol.CloseCodes;
import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Json;
import io.vestnik.protocol.Problem;
import io.vestnik.protocol.ServerEvent;
import io.vestnik.ratelimit.SendQuota;
import io.vestnik.ratelimit.Limit;
import io.vestnik.ratelimit.RateLimiter;
import io.vestnik.store.ChatStore;
import io.vestnik.store.StorageUnavailable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket endpoint {@code /ws}: authenticates the upgrade (ticket or bearer token), checks
 * the browser's Origin, opens a {@link Connection} subscribed to the user's topics, and keeps
 * the node's registry of open connections.
 */
public final class Gateway {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    private static final java.time.Duration SUBSCRIBE_WAIT = java.time.Duration.ofSeconds(3);
    /** How long live messages wait for the resume a client announced with {@code ?resume=1}. */
    private static final java.time.Duration RESUME_WAIT = java.time.Duration.ofSeconds(10);

    /** What the gateway works with; all built by the node. */
    public record Services(Authenticator authenticator, ChatService chats, MessageService messages, Typing typing,
                           PresenceService presence, ChatStore chatStore, SendQuota quota, Deliveries deliveries) {}

    private final Vertx vertx;
    private final Config config;
    private final Offload offload;
    private final LocalRouter router;
    private final RateLimiter limiter;
    private final Metrics metrics;
    private final Services services;
    private final Origins origins;
    private final ClientAddress clientAddress;
    private final Frames frames = new Frames(this);
    private final Connections connections = new Connections();
    private final AtomicLong connectionCounter = new AtomicLong();
    private volatile boolean accepting = true;

    public Gateway(Vertx vertx, Config config, Offload offload, LocalRouter router, RateLimiter limiter,
                   Metrics metrics, Services services) {
        this.vertx = vertx;
        this.config = config;
        this.offload = offload;
        this.router = router;
        this.limiter = limiter;
        this.metrics = metrics;
        this.services = services;
        this.origins = new Origins(config.allowedOrigins());
        this.clientAddress = new ClientAddress(config.trustedProxies());
    }

    /** Decides whether to accept an upgrade; runs on the event loop that received it. */
    public void handshake(ServerWebSocketHandshake handshake) {
        if (!"/ws".equals(handshake.path()) || !accepting) {
            handshake.reject(accepting ? 404 : 503);
            return;
        }
        if (!origins.allows(handshake.headers().get("Origin"), handshake.headers().get("Host"))) {
            metrics.connectionError();
            handshake.reject(403);
            return;
        }
        String ip = clientAddress.of(handshake.remoteAddress() == null ? null : handshake.remoteAddress().hostAddress(),
                handshake.headers().get("X-Forwarded-For"));
        Context context = vertx.getOrCreateContext();
        offload.call(context, () -> {
            // A shared (Redis) limiter is a network round trip: never on the event loop.
            if (!limiter.acquire(Limit.CONNECT, ip).allowed()) {
                metrics.rateLimited();
                throw Problem.rateLimited(30);
            }
            return authenticate(handshake);
        }).onComplete(result -> {
            if (result.failed()) {
                metrics.connectionError();
                handshake.reject(refusalStatus(result.cause()));
                return;
            }
            boolean willResume = "1".equals(QueryParams.first(handshake.query(), "resume"));
            handshake.accept().onSuccess(socket -> open(socket, result.result(), context, willResume))
                    .onFailure(failure -> metrics.connectionError());
        });
    }

    /** A refusal the client can act on; an upgrade that failed on a storage outage is a 503, not a bad ticket. */
    private static int refusalStatus(Throwable failure) {
        if (StorageUnavailable.causes(failure)) return ErrorCode.UNAVAILABLE.status();
        if (failure instanceof Problem problem && problem.code() != ErrorCode.INTERNAL_ERROR) {
            return problem.code() == ErrorCode.INVALID_REQUEST ? 401 : problem.code().status();
        }
        return 401;
    }

    private Principal authenticate(ServerWebSocketHandshake handshake) {
        String ticket = QueryParams.first(handshake.query(), "ticket");
        if (ticket != null) return services.authenticator().authenticateTicket(ticket);
        String bearer = Authenticator.bearerToken(handshake.headers().get("Authorization"));
        if (bearer == null) throw Problem.unauthorized("A ticket or a bearer token is required.");
        return services.authenticator().authenticate(bearer);
    }

    private void open(ServerWebSocket socket, Principal principal, Context context, boolean willResume) {
        String id = config.nodeId() + ":" + connectionCounter.incrementAndGet();
        Connection connection = new Connection(id, socket, context, principal, this, willResume);
        connections.add(connection);
        metrics.connectionOpened();
        socket.textMessageHandler(text -> frames.onText(connection, text));
        socket.binaryMessageHandler(binary -> {
            connection.heard();
            connection.send(ServerEvent.Error.of(Problem.invalid("Frames must be text (JSON)."), null));
        });
        socket.pongHandler(pong -> connection.heard());
        socket.exceptionHandler(failure -> log.debug("socket {} failed: {}", id, failure.toString()));
        Future<Map<Long, Long>> opened = offload.call(context, () -> {
            List<Long> chatIds = services.chatStore().chatIdsOf(principal.userId());
            awaitLive(connection.subscribe(chatIds), id);
            Map<Long, Long> positions = services.chatStore().positions(principal.userId());
            services.presence().connected(principal.userId(), id);
            return positions;
        });
        // "connected" promises that live events flow from here on, so it waits for the subscriptions.
        opened.onSuccess(positions -> {
            connection.send(new ServerEvent.Connected(principal.userId(), principal.sessionId(), config.nodeId(), Instant.now()));
            connection.release(positions);
            if (willResume) vertx.setTimer(RESUME_WAIT.toMillis(), ignored -> connection.stopAwaitingResume());
        }).onFailure(failure -> {
            log.warn("could not open connection {}: {}", id, failure.toString());
            connection.close(CloseCodes.RESTARTING, "Try again");
        });
        // Undoing the opening must come after it, or a socket closed at once would stay subscribed and online.
        socket.closeHandler(closed -> opened.onComplete(ignored -> onClosed(connection)));
    }

    /**
     * Positions are read only once the subscriptions are live, so every message is either in
     * storage at that read or on its way through the broker. A broker that cannot confirm in time
     * (reconnecting) does not keep the user out: gaps are then filled from storage later.
     */
    private static void awaitLive(java.util.concurrent.CompletableFuture<Void> subscriptions, String connectionId) {
        try {
            subscriptions.get(SUBSCRIBE_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            log.warn("subscriptions of {} not confirmed in {}; continuing", connectionId, SUBSCRIBE_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void onClosed(Connection connection) {
        connection.closed();
        if (connections.remove(connection)) {
            metrics.connectionClosed();
            offload.run(() -> services.presence().disconnected(connection.principal().userId(), connection.id()));
        }
    }

    /** Closes every connection of a session (it was revoked, here or on another node). */
    public void closeSession(long sessionId) {
        connections.ofSession(sessionId).forEach(c -> c.context().runOnContext(
                ignored -> c.close(CloseCodes.UNAUTHORIZED, "Session revoked")));
    }

    /** Sends pings and closes connections that stayed silent past the timeout. Called every second. */
    public void sweepHeartbeats() {
        long now = System.currentTimeMillis();
        long interval = config.heartbeatInterval().toMillis();
        long timeout = config.heartbeatTimeout().toMillis();
        for (Connection connection : connections.all()) {
            if (now - connection.lastHeardMillis() > timeout) {
                connection.context().runOnContext(ignored -> connection.close(CloseCodes.HEARTBEAT_TIMEOUT, "Heartbeat timeout"));
            } else if (now - connection.lastPingMillis() >= interval) {
                connection.ping();
            }
        }
    }

    /**
     * Stops accepting upgrades, asks every client to reconnect elsewhere (1012), and waits up to
     * {@code grace} for the sockets to close, so clients see a clean close rather than a reset.
     * Blocking: call from the shutdown thread.
     */
    public void drain(java.time.Duration grace) throws InterruptedException {
        accepting = false;
        for (Connection connection : connections.all()) {
            connection.context().runOnContext(ignored -> connection.close(CloseCodes.RESTARTING, "Server restarting"));
        }
        long deadline = System.nanoTime() + grace.toNanos();
        while (connections.size() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
    }

    /** False from the moment draining starts, so a load balancer stops sending new clients here. */
    public boolean accepting() {
        return accepting;
    }

    public int connectionCount() {
        return connections.size();
    }

    void checkSendLimits(Connection connection) {
        services.quota().acquire(connection.principal().userId(), connection.id());
    }

    <T> Future<T> offload(Connection connection, Callable<T> work) {
        return offload.call(connection.context(), work);
    }

    /** Called on a connection's event loop; answers there. Retries until storage answers. */
    void fetchAfter(long chatId, long afterSeq, int limit, Consumer<List<Message>> onFetched) {
        Context context = vertx.getOrCreateContext();
        offload.call(context, () -> services.messages().catchUp(chatId, afterSeq, limit))
                .onSuccess(onFetched::accept)
                .onFailure(failure -> {
                    log.warn("catching up chat {} failed, retrying: {}", chatId, failure.toString());
                    vertx.setTimer(1000, ignored -> fetchAfter(chatId, afterSeq, limit, onFetched));
                });
    }

    String newMessageFrame(Message message) {
        return Json.write(new ServerEvent.NewMessage(message.chatId(), message));
    }

    Problem problemOf(Throwable failure) {
        return Failures.problemOf(failure, "frame handling failed");
    }

    Config config() {
        return config;
    }

    Metrics metrics() {
        return metrics;
    }

    LocalRouter router() {
        return router;
    }

    RateLimiter limiter() {
        return limiter;
    }

    ChatService chats() {
        return services.chats();
    }

    Deliveries deliveries() {
        return services.deliveries();
    }

    MessageService messages() {
        return services.messages();
    }

    Typing typing() {
        return services.typing();
    }
}
