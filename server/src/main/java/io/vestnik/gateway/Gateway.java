package io.vestnik.gateway;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vestnik.auth.Authenticator;
import io.vestnik.auth.Principal;
import io.vestnik.broker.Envelope;
import io.vestnik.broker.LocalRouter;
import io.vestnik.chat.ChatService;
import io.vestnik.chat.Changes;
import io.vestnik.chat.Deliveries;
import io.vestnik.chat.MessageService;
import io.vestnik.chat.Reactions;
import io.vestnik.chat.StreamedMessages;
import io.vestnik.chat.Typing;
import io.vestnik.config.Config;
import io.vestnik.domain.Message;
import io.vestnik.http.ClientAddress;
import io.vestnik.http.Failures;
import io.vestnik.http.QueryString;
import io.vestnik.metrics.Metrics;
import io.vestnik.metrics.Refusal;
import io.vestnik.metrics.Transport;
import io.vestnik.node.Offload;
import io.vestnik.notification.Notifications;
import io.vestnik.presence.PresenceService;
import io.vestnik.protocol.CloseCodes;
import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Json;
import io.vestnik.protocol.Problem;
import io.vestnik.protocol.ServerEvent;
import io.vestnik.ratelimit.Decision;
import io.vestnik.ratelimit.SendQuota;
import io.vestnik.ratelimit.Limit;
import io.vestnik.ratelimit.RateLimiter;
import io.vestnik.store.ChatStore;
import io.vestnik.store.SnapshotStore;
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
                           PresenceService presence, ChatStore chatStore, SendQuota quota, Deliveries deliveries,
                           SnapshotStore snapshots, Notifications notifications, StreamedMessages streamed,
                           Reactions reactions, Changes changes, io.vestnik.store.UserBlockStore userBlocks) {}

    private final Vertx vertx;
    private final Config config;
    private final Offload offload;
    private final LocalRouter router;
    private final RateLimiter limiter;
    private final Metrics metrics;
    private final Services services;
    private final Origins origins;
    private final ClientAddress clientAddress;
    private final Frames frames;
    private final SharedFetches sharedFetches;
    private final Map<Context, LoopWrites> loops = new java.util.concurrent.ConcurrentHashMap<>();
    private final EventStreams eventStreams;
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
        this.frames = new Frames(this, services.reactions());
        this.sharedFetches = new SharedFetches(services.messages()::catchUp, offload::run);
        this.eventStreams = new EventStreams(this, new PollPresence(vertx, offload, services.presence(), config.nodeId()),
                origins, new StreamSlots(config.maxStreamsPerUser()));
        metrics.expectCloses(Transport.WEBSOCKET,
                ConnectionOutcomes.WEBSOCKET_CODES.stream().map(ConnectionOutcomes::websocketCode).toList());
        metrics.expectCloses(Transport.SSE, ConnectionOutcomes.STREAM_REASONS);
        metrics.expectCloses(Transport.POLL, ConnectionOutcomes.POLL_REASONS);
    }

    /** The SSE and long-poll endpoints, served by the HTTP router. */
    public EventStreams eventStreams() {
        return eventStreams;
    }

    /** Decides whether to accept an upgrade; runs on the event loop that received it. */
    public void handshake(ServerWebSocketHandshake handshake) {
        if (!"/ws".equals(handshake.path()) || !accepting) {
            if (!accepting) metrics.connectionError(Refusal.DRAINING);
            handshake.reject(accepting ? 404 : 503);
            return;
        }
        if (!origins.allows(handshake.headers().get("Origin"), handshake.headers().get("Host"))) {
            metrics.connectionError(Refusal.ORIGIN);
            handshake.reject(403);
            return;
        }
        UpgradeQuery query = upgradeQuery(handshake);
        if (query == null) return;
        String ip = clientIp(handshake.remoteAddress(), handshake.headers().get("X-Forwarded-For"));
        Context context = vertx.getOrCreateContext();
        offload.call(context, () -> {
            checkConnectLimit(ip, decision -> { }); // an upgrade's refusal is a bare status: no headers
            return authenticate(query.ticket(), handshake.headers().get("Authorization"));
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

    /**
     * Counts a new live connection (WebSocket or SSE) against the address's limit; {@code decided}
     * sees the decision, refused or not, before a refusal is thrown. Blocking: a shared limiter is a
     * round trip.
     */
    void checkConnectLimit(String ip, Consumer<Decision> decided) {
        Decision decision = limiter.acquire(Limit.CONNECT, ip);
        decided.accept(decision);
        if (!decision.allowed()) {
            metrics.rateLimited(Limit.CONNECT.name());
            throw Problem.rateLimited(decision.retryAfterSeconds());
        }
    }

    /** A live connection authenticates with a ticket (browsers) or a bearer token. Blocking. */
    Principal authenticate(String ticket, String authorization) {
        if (ticket != null) return services.authenticator().authenticateTicket(ticket);
        String bearer = Authenticator.bearerToken(authorization);
        if (bearer == null) throw Problem.unauthorized("A ticket or a bearer token is required.");
        return services.authenticator().authenticate(bearer);
    }

    private void open(ServerWebSocket socket, Principal principal, Context context, boolean willResume) {
        Connection connection = new Connection(newLinkId(), socket, context, principal, this, willResume);
        socket.frameHandler(new InboundMessages(connection, config.maxFrameBytes(), text -> frames.onText(connection, text), () -> {
            connection.heard();
            connection.send(ServerEvent.Error.of(Problem.invalid("Frames must be text (JSON)."), null));
        }));
        socket.pongHandler(pong -> connection.heard());
        socket.exceptionHandler(failure -> log.debug("socket {} failed: {}", connection.id(), failure.toString()));
        Future<Feed.Start> opened = open(connection, connection.feed(), true, Gateway::live);
        // "connected" promises that live events flow from here on, so it waits for the subscriptions.
        opened.onSuccess(start -> {
            connection.send(connectedEvent(principal));
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
            closed(connection, connection.feed(), true);
        }));
    }

    String newLinkId() {
        return config.nodeId() + ":" + connectionCounter.incrementAndGet();
    }

    ServerEvent.Connected connectedEvent(Principal principal) {
        return new ServerEvent.Connected(principal.userId(), principal.sessionId(), config.nodeId(), Instant.now());
    }

    /** A WebSocket starts live: at every chat's last seq, nothing to replay unless it resumes. */
    private static Feed.Start live(Map<Long, ChatStore.Position> chats) {
        Map<Long, Long> positions = new java.util.HashMap<>();
        chats.forEach((chat, position) -> positions.put(chat, position.lastSeq()));
        return new Feed.Start(positions, List.of());
    }

    /**
     * Registers a link and brings its feed live. The user's chat positions are read only once the
     * subscriptions are live, so every message is either in storage at that read or on its way
     * through the broker; {@code plan} turns them into the feed's start (it runs off the event loop
     * and may block). {@code online}: the link counts for presence while open.
     */
    <T> Future<T> open(Link link, Feed feed, boolean online,
                                          java.util.function.Function<Map<Long, ChatStore.Position>, T> plan) {
        connections.add(link);
        metrics.connectionOpened(link.transport());
        long userId = link.principal().userId();
        return offload.call(link.context(), () -> {
            List<Long> chatIds = services.chatStore().chatIdsOf(userId);
            awaitLive(feed.subscribe(chatIds), link.id());
            // Read once subscribed: a block made after this read arrives as an instruction.
            feed.blocks().loading();
            feed.blocks().loaded(services.userBlocks().relations(userId));
            T start = plan.apply(positions(userId));
            if (online) services.presence().connected(userId, link.id());
            return start;
        });
    }

    /**
     * Every stream's position: the user's chats, their notifications under
     * {@link Envelope#NOTIFICATIONS} (joined at 0, so a cursor saved before notifications existed
     * replays them all), and each chat's change log under {@link ChatStreams#changesOf}. Blocking.
     */
    private Map<Long, ChatStore.Position> positions(long userId) {
        Map<Long, ChatStore.Position> positions = new java.util.HashMap<>(services.chatStore().positions(userId));
        positions.put(Envelope.NOTIFICATIONS, new ChatStore.Position(0, services.notifications().lastSeq(userId)));
        services.changes().lastNumbers(userId).forEach((chatId, last) ->
                positions.put(ChatStreams.changesOf(chatId), new ChatStore.Position(0, last)));
        return positions;
    }

    /** Undoes {@link #open}; call once the opening has completed, whatever its outcome. */
    void closed(Link link, Feed feed, boolean online) {
        feed.close();
        if (connections.remove(link)) {
            metrics.connectionClosed(link.transport(), link.closeCode());
            if (online) offload.run(() -> services.presence().disconnected(link.principal().userId(), link.id()));
        }
    }

    /**
     * A broker that cannot confirm in time (reconnecting) does not keep the user out: gaps are
     * then filled from storage later.
     */
    private static void awaitLive(java.util.concurrent.CompletableFuture<Void> subscriptions, String connectionId) {
        try {
            subscriptions.get(SUBSCRIBE_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            log.warn("subscriptions of {} not confirmed in {}; continuing", connectionId, io.vestnik.config.Durations.format(SUBSCRIBE_WAIT));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes every connection of a session (it was revoked, here or on another node). */
    public void closeSession(long sessionId) {
        connections.ofSession(sessionId).forEach(c -> c.context().runOnContext(
                ignored -> c.close(CloseCodes.UNAUTHORIZED, "Session revoked")));
    }

    /**
     * Pings WebSockets and closes those silent past the timeout; keeps idle SSE streams open
     * through proxies. Called every second.
     */
    public void sweepHeartbeats() {
        long now = System.currentTimeMillis();
        long interval = config.heartbeatInterval().toMillis();
        long timeout = config.heartbeatTimeout().toMillis();
        for (Link link : connections.all()) {
            switch (link) {
                case Connection connection when now - connection.lastHeardMillis() > timeout ->
                        connection.context().runOnContext(ignored -> connection.close(CloseCodes.HEARTBEAT_TIMEOUT, "Heartbeat timeout"));
                case Connection connection when now - connection.lastPingMillis() >= interval -> connection.ping();
                case SseStream stream -> stream.keepAlive(now);
                default -> { }
            }
        }
    }

    /**
     * Stops accepting upgrades, asks every client to reconnect elsewhere (1012), and waits up to
     * {@code grace} for the sockets to close, so clients see a clean close rather than a reset.
     * Blocking: call from the shutdown thread.
     */
    public Drained drain(java.time.Duration grace) throws InterruptedException {
        accepting = false;
        List<Link> open = List.copyOf(connections.all());
        for (Link link : open) {
            link.context().runOnContext(ignored -> link.closeForRestart());
        }
        long deadline = System.nanoTime() + grace.toNanos();
        while (connections.size() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
        return new Drained(count(open, Connection.class), count(open, SseStream.class), count(open, LongPoll.class),
                connections.size());
    }

    /**
     * What a drain closed: WebSockets, SSE streams and waiting polls that were open when it
     * began, and how many links of any kind were still open when the grace ran out.
     */
    public record Drained(int webSockets, int eventStreams, int polls, int stillOpen) {}

    private static int count(List<Link> links, Class<? extends Link> kind) {
        return (int) links.stream().filter(kind::isInstance).count();
    }

    /** False from the moment draining starts, so a load balancer stops sending new clients here. */
    public boolean accepting() {
        return accepting;
    }

    public int connectionCount() {
        return connections.size();
    }

    /** Bytes written to this node's live connections that their clients have not yet taken; from any thread. */
    public long queuedBytes() {
        long total = 0;
        for (Link link : connections.all()) total += link.queuedBytes();
        return total;
    }

    void checkSendLimits(Connection connection) {
        services.quota().acquire(connection.principal().userId(), connection.id());
    }

    <T> Future<T> offload(Connection connection, Callable<T> work) {
        return offload(connection.context(), work);
    }

    <T> Future<T> offload(Context context, Callable<T> work) {
        return offload.call(context, work);
    }

    SnapshotStore snapshots() {
        return services.snapshots();
    }

    /** Saves a stream's positions as a new snapshot; answers on the link's event loop. */
    Future<Long> saveSnapshot(Link link, Map<Long, Long> positions) {
        return offload(link.context(), () -> services.snapshots().save(link.principal().userId(), positions, Instant.now()));
    }

    /** One per event-loop context: the router hands all of a loop's feeds an event in one task, and its writes are flushed once. */
    LoopWrites loopOf(Context context) {
        return loops.computeIfAbsent(context, c -> new LoopWrites(task -> c.runOnContext(ignored -> task.run()), metrics));
    }

    /** Called on a feed's event loop; answers there. Retries until storage answers. */
    void fetchAfter(long chatId, long afterSeq, int limit, Consumer<List<Message>> onFetched) {
        Context context = vertx.getOrCreateContext();
        sharedFetches.fetch(chatId, afterSeq, limit).whenComplete((messages, failure) -> context.runOnContext(ignored -> {
                    if (failure == null) {
                        onFetched.accept(messages);
                        return;
                    }
                    log.warn("catching up chat {} failed, retrying: {}", chatId, failure.toString());
                    vertx.setTimer(1000, retry -> fetchAfter(chatId, afterSeq, limit, onFetched));
                }));
    }

    /** Called on a feed's event loop; answers there. Retries until storage answers. */
    void fetchNotifications(long userId, long afterSeq, int limit, Consumer<List<ChatStreams.Stored>> onFetched) {
        Context context = vertx.getOrCreateContext();
        offload.call(context, () -> services.notifications().catchUp(userId, afterSeq, limit)).onComplete(result -> {
            if (result.succeeded()) {
                onFetched.accept(result.result().stream()
                        .map(n -> new ChatStreams.Stored(n.seq(), Notifications.frame(n), false)).toList());
                return;
            }
            log.warn("catching up notifications of {} failed, retrying: {}", userId, result.cause().toString());
            vertx.setTimer(1000, retry -> fetchNotifications(userId, afterSeq, limit, onFetched));
        });
    }

    /** Called on a feed's event loop; answers there. Retries until storage answers. */
    void fetchChanges(long chatId, long afterNumber, int limit, Consumer<List<ChatStreams.Stored>> onFetched) {
        Context context = vertx.getOrCreateContext();
        offload.call(context, () -> services.changes().after(chatId, afterNumber, limit)).onComplete(result -> {
            if (result.succeeded()) {
                onFetched.accept(result.result().stream()
                        .map(c -> new ChatStreams.Stored(c.number(), c.frame(), false, c.seq())).toList());
                return;
            }
            log.warn("catching up the changes of chat {} failed, retrying: {}", chatId, result.cause().toString());
            vertx.setTimer(1000, retry -> fetchChanges(chatId, afterNumber, limit, onFetched));
        });
    }

    /**
     * A message reached one of the user's devices: counted, and its delivered position moves. A
     * notification or a change is only counted: it has no delivery receipts.
     */
    void delivered(long chatId, long userId, long seq, long publishedAtMillis) {
        metrics.delivered(1, publishedAtMillis);
        receivedUpTo(chatId, userId, seq);
    }

    /** The delivered position alone, for a WebSocket, whose deliveries its {@link LoopWrites} counts. */
    void receivedUpTo(long chatId, long userId, long seq) {
        if (chatId > 0) services.deliveries().record(chatId, userId, seq);
    }

    String clientIp(io.vertx.core.net.SocketAddress peer, String forwardedFor) {
        return clientAddress.of(peer == null ? null : peer.hostAddress(), forwardedFor);
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

    MessageService messages() {
        return services.messages();
    }

    Typing typing() {
        return services.typing();
    }

    StreamedMessages streamed() {
        return services.streamed();
    }
}
