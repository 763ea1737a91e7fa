package io.vestnik.gateway;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vestnik.auth.Principal;
import io.vestnik.chat.ChatService;
import io.vestnik.chat.MessageService;
import io.vestnik.chat.Reactions;
import io.vestnik.chat.StreamedMessages;
import io.vestnik.chat.Typing;
import io.vestnik.metrics.Metrics;
import io.vestnik.metrics.Refusal;
import io.vestnik.metrics.Transport;
import io.vestnik.protocol.CloseCodes;
import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Problem;
import io.vestnik.protocol.ServerEvent;
import io.vestnik.ratelimit.RateLimiter;
import io.vestnik.ratelimit.SendQuota;
import io.vestnik.store.ChatStore;
import io.vestnik.store.StorageUnavailable;
import io.vestnik.transport.Offload;
import io.vestnik.transport.QueryString;
import io.vestnik.transport.WebSocketFootprint;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket endpoint {@code /ws}: admits the upgrade (origin, connect limit, ticket or bearer
 * token), opens a {@link Connection} whose frames {@link Frames} handles, and brings its feed live
 * through the {@link LinkOpener}.
 */
public final class WebSocketEndpoint {
    private static final Logger log = LoggerFactory.getLogger(WebSocketEndpoint.class);
    /** How long live messages wait for the resume a client announced with {@code ?resume=1}. */
    private static final java.time.Duration RESUME_WAIT = java.time.Duration.ofSeconds(10);

    /** The domain services a client's frames call; all blocking, so called off the event loop. */
    public record Services(ChatService chats, MessageService messages, Typing typing, StreamedMessages streamed,
                           Reactions reactions, SendQuota quota) {}

    /** The WebSocket limits: largest client frame, most bytes queued for a slow reader. */
    public record Limits(int maxFrameBytes, int maxQueuedBytes) {}

    private final Vertx vertx;
    private final Limits limits;
    private final Offload offload;
    private final Admission admission;
    private final Links links;
    private final LinkOpener opener;
    private final Feeds feeds;
    private final Frames frames;
    private final Metrics metrics;

    public WebSocketEndpoint(Vertx vertx, Limits limits, Offload offload, Admission admission, Links links,
                             LinkOpener opener, Feeds feeds, Services services, RateLimiter limiter,
                             Metrics metrics) {
        this.vertx = vertx;
        this.limits = limits;
        this.offload = offload;
        this.admission = admission;
        this.links = links;
        this.opener = opener;
        this.feeds = feeds;
        this.frames = new Frames(offload, limiter, metrics, services);
        this.metrics = metrics;
        metrics.expectCloses(Transport.WEBSOCKET,
                ConnectionOutcomes.WEBSOCKET_CODES.stream().map(ConnectionOutcomes::websocketCode).toList());
    }

    /** Decides whether to accept an upgrade; runs on the event loop that received it. */
    public void handshake(ServerWebSocketHandshake handshake) {
        boolean accepting = links.accepting();
        if (!"/ws".equals(handshake.path()) || !accepting) {
            if (!accepting) metrics.connectionError(Refusal.DRAINING);
            handshake.reject(accepting ? 404 : 503);
            return;
        }
        if (!admission.allowsOrigin(handshake.headers().get("Origin"), handshake.headers().get("Host"))) {
            metrics.connectionError(Refusal.ORIGIN);
            handshake.reject(403);
            return;
        }
        UpgradeQuery query = upgradeQuery(handshake);
        if (query == null) return;
        String ip = admission.clientIp(handshake.remoteAddress(), handshake.headers().get("X-Forwarded-For"));
        Context context = vertx.getOrCreateContext();
        offload.call(context, () -> {
            admission.checkConnectLimit(ip, decision -> { }); // an upgrade's refusal is a bare status: no headers
            return admission.authenticate(query.ticket(), handshake.headers().get("Authorization"));
        }).onComplete(result -> {
            if (result.failed()) {
                metrics.connectionError(ConnectionOutcomes.refusal(result.cause()));
                handshake.reject(refusalStatus(result.cause()));
                return;
            }
            handshake.accept().onSuccess(socket -> open(socket, result.result(), context, query.resume()))
                    .onFailure(failure -> metrics.connectionError(Refusal.HANDSHAKE));
        });
    }

    private record UpgradeQuery(String ticket, boolean resume) {}

    /** The upgrade's {@code ticket} and {@code resume}; null, the upgrade refused with 400, when the query is malformed. */
    private UpgradeQuery upgradeQuery(ServerWebSocketHandshake handshake) {
        try {
            return new UpgradeQuery(QueryString.first(handshake.query(), "ticket"),
                    "1".equals(QueryString.first(handshake.query(), "resume")));
        } catch (Problem malformed) {
            metrics.connectionError(Refusal.PROTOCOL);
            handshake.reject(malformed.code().status());
            return null;
        }
    }

    /** A refusal the client can act on; an upgrade that failed on a storage outage is a 503, not a bad ticket. */
    private static int refusalStatus(Throwable failure) {
        if (StorageUnavailable.causes(failure)) return ErrorCode.UNAVAILABLE.status();
        if (failure instanceof Problem problem && problem.code() != ErrorCode.INTERNAL_ERROR) {
            return problem.code() == ErrorCode.INVALID_REQUEST ? 401 : problem.code().status();
        }
        return 401;
    }

    private void open(ServerWebSocket socket, Principal principal, Context context, boolean willResume) {
        WebSocketFootprint.trim(socket);
        Connection connection = new Connection(links.newId(), socket, context, principal, feeds,
                limits.maxQueuedBytes(), metrics, willResume);
        socket.frameHandler(new InboundMessages(connection, limits.maxFrameBytes(), text -> frames.onText(connection, text), () -> {
            connection.heard();
            connection.send(ServerEvent.Error.of(Problem.invalid("Frames must be text (JSON)."), null));
        }));
        socket.pongHandler(pong -> connection.heard());
        socket.exceptionHandler(failure -> log.debug("socket {} failed: {}", connection.id(), failure.toString()));
        Future<Feed.Start> opened = opener.open(connection, connection.feed(), true, WebSocketEndpoint::live);
        // "connected" promises that live events flow from here on, so it waits for the subscriptions.
        opened.onSuccess(start -> {
            connection.send(links.connectedEvent(principal));
            connection.feed().release(start);
            if (willResume) vertx.setTimer(RESUME_WAIT.toMillis(), ignored -> connection.feed().stopAwaitingResume());
        }).onFailure(failure -> {
            log.warn("could not open connection {}: {}", connection.id(), failure.toString());
            connection.close(CloseCodes.RESTARTING, "Try again");
        });
        // Undoing the opening must come after it, or a socket closed at once would stay subscribed and online.
        // Held until the socket closes, so without the start: its positions are not kept for the socket's life.
        Future<Void> settled = opened.transform(ignored -> Future.succeededFuture());
        socket.closeHandler(closed -> settled.onComplete(ignored -> {
            connection.closed();
            opener.closed(connection, connection.feed(), true);
        }));
    }

    /** A WebSocket starts live: at every chat's last seq, nothing to replay unless it resumes. */
    private static Feed.Start live(Map<Long, ChatStore.Position> chats) {
        Map<Long, Long> positions = new java.util.HashMap<>();
        chats.forEach((chat, position) -> positions.put(chat, position.lastSeq()));
        return new Feed.Start(positions, List.of());
    }
}
