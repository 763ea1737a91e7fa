package io.vestnik.node;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vestnik.auth.AccessTokens;
import io.vestnik.auth.AccountService;
import io.vestnik.auth.Authenticator;
import io.vestnik.auth.HostTokens;
import io.vestnik.auth.PasswordHasher;
import io.vestnik.auth.Secrets;
import io.vestnik.auth.ServiceKeys;
import io.vestnik.auth.SessionGuard;
import io.vestnik.auth.Tickets;
import io.vestnik.blob.BlobStore;
import io.vestnik.broker.Broker;
import io.vestnik.broker.LocalRouter;
import io.vestnik.broker.Topics;
import io.vestnik.cache.CachedStores;
import io.vestnik.cache.ChatCache;
import io.vestnik.chat.AttachmentMover;
import io.vestnik.chat.AttachmentUrls;
import io.vestnik.chat.Attachments;
import io.vestnik.chat.Changes;
import io.vestnik.chat.ChatManagement;
import io.vestnik.chat.ChatService;
import io.vestnik.chat.Deliveries;
import io.vestnik.chat.Events;
import io.vestnik.chat.GroupModeration;
import io.vestnik.chat.MessageReports;
import io.vestnik.chat.MessageSearch;
import io.vestnik.chat.MessageService;
import io.vestnik.chat.PinService;
import io.vestnik.chat.Reactions;
import io.vestnik.chat.StreamedMessages;
import io.vestnik.chat.Threads;
import io.vestnik.chat.Typing;
import io.vestnik.chat.UserBlocks;
import io.vestnik.chat.UserSearch;
import io.vestnik.config.Config;
import io.vestnik.config.Durations;
import io.vestnik.events.EventStreams;
import io.vestnik.export.EventExport;
import io.vestnik.export.Exporter;
import io.vestnik.gateway.Admission;
import io.vestnik.gateway.Feeds;
import io.vestnik.gateway.LinkOpener;
import io.vestnik.gateway.Links;
import io.vestnik.gateway.WebSocketEndpoint;
import io.vestnik.host.HostChats;
import io.vestnik.host.HostMessages;
import io.vestnik.host.HostModeration;
import io.vestnik.host.HostReports;
import io.vestnik.host.HostStreams;
import io.vestnik.host.HostUsers;
import io.vestnik.http.Api;
import io.vestnik.http.ApiServer;
import io.vestnik.http.InFlightRequests;
import io.vestnik.http.UploadBudget;
import io.vestnik.http.UploadStaging;
import io.vestnik.logging.RequestScope;
import io.vestnik.maintenance.Cleanup;
import io.vestnik.maintenance.PartitionUpkeep;
import io.vestnik.maintenance.StreamTimeouts;
import io.vestnik.metrics.Metrics;
import io.vestnik.notification.Notifications;
import io.vestnik.presence.PresenceService;
import io.vestnik.ratelimit.Limit;
import io.vestnik.ratelimit.RateLimiter;
import io.vestnik.ratelimit.SendQuota;
import io.vestnik.redis.RedisConnections;
import io.vestnik.search.SearchAnalyzer;
import io.vestnik.search.Snippets;
import io.vestnik.store.DataDirectoryLock;
import io.vestnik.store.Storage;
import io.vestnik.store.TicketLedger;
import io.vestnik.transport.ClientAddress;
import io.vestnik.transport.Offload;
import io.vestnik.webhook.Deliverer;
import io.vestnik.webhook.UnreadScanner;
import io.vestnik.webhook.Webhooks;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The composition root: builds every part of a node from its {@link Config}, starts them in
 * order and stops them in reverse ({@link Lifecycle}).
 */
public final class Node implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Node.class);
    /** Per socket, in the kernel (which doubles it for bookkeeping): ample for chat frames. */
    static final int SOCKET_SEND_BUFFER_BYTES = 64 * 1024;
    /**
     * How long a stopping node waits for its sockets to close before stopping its parts. A
     * supervisor must wait longer before it kills the process (deploy/compose.yaml's
     * stop_grace_period, the systemd unit's TimeoutStopSec; DeployKit tests hold them to it).
     */
    public static final java.time.Duration DRAIN_GRACE = java.time.Duration.ofSeconds(5);
    private final Config config;
    private final Lifecycle lifecycle = new Lifecycle();
    private Links links;
    private final InFlightRequests inFlight = new InFlightRequests();
    /** Set by the drain; null when the node stopped before it served (a failed start). */
    private volatile Links.Drained drained;
    private volatile long drainedAtNanos;
    private volatile io.vertx.ext.web.Router apiRouter;
    private int port;

    private Node(Config config) {
        this.config = config;
    }

    public static Node start(Config config) {
        Node node = new Node(config);
        try {
            node.build();
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    public int port() {
        return port;
    }

    public Config config() {
        return config;
    }

    /**
     * Every HTTP route the node serves, as "METHOD /path" (Vert.x's {@code :param} syntax); the
     * WebSocket upgrade at {@code /ws} is not a route. For tests that pin the API's surface.
     */
    /** HTTP requests this node is handling now. */
    public int requestsInFlight() {
        return inFlight.open();
    }

    public java.util.Set<String> httpRoutes() {
        java.util.Set<String> routes = new java.util.TreeSet<>();
        for (io.vertx.ext.web.Route route : apiRouter.getRoutes()) {
            if (route.methods() == null || route.getPath() == null) continue;
            route.methods().forEach(method -> routes.add(method.name() + " " + route.getPath()));
        }
        return routes;
    }

    private void build() {
        Clock clock = Clock.systemUTC();
        // Held before anything starts and released after everything stopped: no second node and no
        // restore touches the embedded database while any part of this node may use it.
        if (!config.usesPostgres()) lifecycle.add(DataDirectoryLock.acquire(config.dataDir()), DataDirectoryLock::close);
        // Then metrics: closed after everything but the lock, and there for the storage's pools to report to from their start.
        Metrics metrics = lifecycle.add(metrics(config), Metrics::close);
        Storage storage = lifecycle.add(Engines.storage(config, metrics.storage()), Storage::close);
        storage.start();
        BlobStore blobs = lifecycle.add(Engines.blobStore(config), BlobStore::close);
        AttachmentMover.moveAll(storage.attachments(), blobs);
        if (config.role().runsJobs()) startJobs(storage, blobs, metrics, clock);
        Offload offload = lifecycle.add(new Offload(), Offload::close);
        Broker broker = lifecycle.add(Engines.broker(config), Broker::close);
        LocalRouter router = new LocalRouter(broker, metrics);
        broker.start(router);
        metrics.watchBroker(broker::lastRoundTrip, broker::healthy);
        RedisConnections redis = Engines.redis(config);
        if (redis != null) lifecycle.add(redis, RedisConnections::close);
        RateLimiter limiter = Engines.rateLimiter(config, clock, redis);
        // Everything reads chats and messages through the cache; the cache validates against storage.
        CachedStores stores = CachedStores.over(storage.chats(), storage.messages(),
                lifecycle.add(Engines.chatCache(storage, clock, redis), ChatCache::close), metrics);

        byte[] secret = Secrets.jwtSecret(config);
        AccessTokens accessTokens = new AccessTokens(secret, config.accessTokenTtl(), clock);
        Tickets tickets = new Tickets(secret, config.ticketTtl(), clock);
        HostTokens hostTokens = config.hostTokensEnabled()
                ? new HostTokens(config.hostJwtSecret(), config.hostJwksUrl(),
                        new HostTokens.Rules(config.hostJwtIssuer(), config.hostJwtAudience(), config.hostJwtMaxLifetime()), clock) : null;
        SessionGuard guard = new SessionGuard(storage.sessions(), clock);
        TicketLedger ledger = Engines.ticketLedger(storage, clock, redis);
        Authenticator authenticator = new Authenticator(accessTokens, tickets, ledger, hostTokens, storage.users(), guard, clock);

        Events events = new Events(router);
        Notifications notifications = new Notifications(storage.notifications(), router, clock);
        Attachments attachments = new Attachments(storage.attachments(), stores.chats(), blobs,
                new AttachmentUrls(Secrets.derive(secret, "vestnik/attachments/v1"), config.attachmentUrlTtl(), clock),
                new Attachments.Limits(config.maxAttachmentBytes(), config.attachmentQuotaBytes()), clock);
        ChatService chats = new ChatService(stores.chats(), stores.messages(), storage.users(), storage.userBlocks(), events,
                attachments, storage.moderation(), clock);
        Deliveries deliveries = lifecycle.add(new Deliveries(stores.chats(), events), Deliveries::close);
        Reactions reactions = new Reactions(chats, storage.reactions(), clock);
        Changes changes = new Changes(chats, storage.changes(), storage.messages(), reactions, attachments, events);
        changes.publishCommitted();
        MessageService messages = new MessageService(chats, stores.messages(), events, attachments, reactions, deliveries,
                metrics, clock);
        SendQuota quota = new SendQuota(limiter, metrics);
        PinService pins = new PinService(chats, messages, storage.pins(), attachments, reactions, clock);
        Typing typing = lifecycle.add(new Typing(chats, events, config.typingTimeout(), limiter), Typing::close);
        StreamedMessages streamed = new StreamedMessages(storage.streams(), events, attachments, reactions,
                config.streamTimeout(), clock);
        if (config.role().runsJobs()) lifecycle.add(new StreamTimeouts(streamed, config.streamTimeout()).start(), StreamTimeouts::close);
        PresenceService presence = new PresenceService(lifecycle.add(Engines.presence(config, redis), p -> p.close()),
                storage.users(), stores.chats(), storage.userBlocks(), events, clock);
        AccountService accounts = new AccountService(storage.users(), storage.sessions(),
                new PasswordHasher(PasswordHasher.owasp()), accessTokens, guard, events::sessionRevoked,
                new AccountService.SessionLifetime(config.refreshTokenTtl(), config.sessionMaxLifetime()), clock);

        RequestScope.register(); // before the Vertx instance, whose contexts then hold request ids
        Vertx vertx = lifecycle.add(Vertx.vertx(new VertxOptions().setPreferNativeTransport(true)), v -> {
            inFlight.startDrain(); // closing Vert.x shuts the HTTP servers down: requests in flight finish or are cut
            v.close().await();
            drainedAtNanos = System.nanoTime();
        });
        if (!vertx.isNativeTransportEnabled()) {
            log.warn("native transport (epoll) unavailable, using NIO: {}", String.valueOf(vertx.unavailableNativeTransportCause()));
        }
        ClientAddress clientAddress = new ClientAddress(config.trustedProxies());
        links = new Links(config.nodeId(), config.heartbeatInterval(), config.heartbeatTimeout());
        Admission admission = new Admission(config.allowedOrigins(), clientAddress, limiter, authenticator, metrics);
        LinkOpener opener = new LinkOpener(links, offload,
                new LinkOpener.Reads(stores.chats(), storage.userBlocks(), notifications, changes), presence, metrics);
        Feeds feeds = new Feeds(vertx, offload, router, messages, notifications, changes, deliveries, metrics);
        WebSocketEndpoint webSockets = new WebSocketEndpoint(vertx,
                new WebSocketEndpoint.Limits(config.maxFrameBytes(), config.maxQueuedBytes()), offload, admission, links,
                opener, feeds, new WebSocketEndpoint.Services(chats, messages, typing, streamed, reactions, quota), limiter, metrics);
        EventStreams eventStreams = new EventStreams(vertx,
                new EventStreams.Limits(config.maxQueuedBytes(), config.maxStreamsPerUser()), offload, admission, links,
                opener, feeds, storage.snapshots(), presence, config.nodeId(), metrics);
        router.join(Topics.NODES, new NodeInstructions(config.nodeId(), guard, links));

        ServiceKeys serviceKeys = new ServiceKeys(storage.serviceKeys(), clock);
        Api api = new Api(offload, authenticator, serviceKeys, limiter, metrics, clientAddress);
        MessageSearch search = new MessageSearch(chats, stores.messages(), attachments, reactions,
                new Snippets(new SearchAnalyzer(config.searchLanguage())), clock);
        Threads threads = new Threads(chats, messages, stores.messages(), storage.threads(), events);
        ApiServer.Routes routes = new ApiServer.Routes(accounts, tickets, presence, chats, pins, messages, reactions, changes, threads, search,
                attachments, typing, new UploadBudget(config.httpLimits().uploadMemoryBudget()),
                new GroupModeration(chats, stores.chats(), storage.moderation(), clock),
                new MessageReports(messages, storage.reports(), clock), UploadStaging.directory(config.dataDir()),
                new ChatManagement(chats, stores.chats(), events, clock),
                new UserBlocks(storage.userBlocks(), storage.users(), events, clock), new UserSearch(storage.users()));
        java.util.function.BooleanSupplier ready = () -> metrics.ready(links.accepting() && storage.ready() && broker.healthy());
        ApiServer.Operations operations = new ApiServer.Operations(ready, metrics, () -> stats(metrics, router),
                config.adminToken(), serviceKeys, inFlight);
        HostUsers hostUsers = new HostUsers(storage.users(), HostTokens.identityIssuer(config.hostJwtIssuer()), clock);
        ApiServer.Host host = new ApiServer.Host(hostUsers, new HostChats(chats, hostUsers),
                new HostMessages(chats, messages, hostUsers), notifications,
                new Webhooks(storage.webhooks(), storage.webhookQueue(), config.webhooks().allowPrivate(), clock),
                new HostStreams(streamed, typing, hostUsers),
                new HostModeration(storage.moderation(), chats, hostUsers, clock),
                new HostReports(storage.reports(), clock));
        port = config.port() == 0 ? FreePort.find(config.host()) : config.port();
        HttpServerOptions options = new HttpServerOptions().setHost(config.host()).setPort(port)
                .setMaxWebSocketFrameSize(config.maxFrameBytes() * 2)
                .setMaxWebSocketMessageSize(config.maxFrameBytes() * 2)
                .setCompressionSupported(true)
                // HTTP/1.1 only: with cleartext HTTP/2 on, Vert.x makes a connection only once its first
                // bytes show which protocol it speaks, so a socket that sends nothing could never be timed
                // out (ConnectionDeadlines). Browsers never speak cleartext HTTP/2, nor does nginx upstream.
                .setHttp2ClearTextEnabled(false)
                // A fixed send buffer: the kernel's autotuning would otherwise let each socket that
                // stops reading hold up to 4 MiB beyond the server's own bound (VESTNIK_MAX_QUEUED_BYTES).
                .setSendBufferSize(SOCKET_SEND_BUFFER_BYTES)
                // A deflate context per socket costs far more memory than small chat frames save.
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false)
                // Connections used only from their event loop (the gateway hops there for every write):
                // Vert.x then writes straight to the channel, without a write queue per connection
                // (decision 0039). A response written from another thread fails instead of being queued.
                .setStrictThreadMode(true);
        int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
        java.util.function.Function<Vertx, io.vertx.ext.web.Router> routing = config.role().servesClients()
                ? v -> apiRouter = ApiServer.router(v, api, offload, routes, host, operations,
                        new ApiServer.EventRoutes(eventStreams::stream, eventStreams::poll), config.allowedOrigins())
                : v -> apiRouter = ApiServer.operationsRouter(v, api, operations);
        io.vertx.core.Handler<io.vertx.core.http.ServerWebSocketHandshake> upgrades = config.role().servesClients()
                ? webSockets::handshake : handshake -> handshake.reject(404);
        vertx.deployVerticle(() -> new HttpVerticle(options, routing, upgrades, config.httpLimits()),
                new DeploymentOptions().setInstances(instances)).await();
        lifecycle.add(links, l -> drained = l.drain(DRAIN_GRACE));

        vertx.setPeriodic(heartbeatSweepMillis(config), id -> links.sweepHeartbeats());
        vertx.setPeriodic(60_000, id -> limiter.evictIdle());
        metrics.watchOutbound(links::queuedBytes);
        new Gauges(metrics, ready, storage.webhookQueue()).start(vertx, offload);
    }

    /**
     * The background jobs ({@link io.vestnik.config.NodeRole#runsJobs}): each runs once per interval
     * cluster-wide or takes turns in storage, so any number of nodes may run them.
     */
    private void startJobs(Storage storage, BlobStore blobs, Metrics metrics, Clock clock) {
        lifecycle.add(new Cleanup(storage, blobs, new Cleanup.Settings(config.retention(), config.cleanupInterval()), metrics, clock)
                .start(), Cleanup::close);
        storage.partitions().ifPresent(partitions -> lifecycle.add(new PartitionUpkeep(partitions, clock).start(), PartitionUpkeep::close));
        lifecycle.add(new Deliverer(storage.webhookQueue(), config.webhooks(), metrics, clock).start(), Deliverer::close);
        lifecycle.add(new UnreadScanner(storage.unreadHook(), config.webhooks().unreadAfter(), clock).start(), UnreadScanner::close);
        EventExport export = Engines.export(config.export());
        if (export != null) {
            lifecycle.add(new Exporter(storage.exportQueue(), export, config.export().timeout(), metrics.export(), clock).start(), Exporter::close);
        }
    }

    /** The node's meters, with the series known up front (the data directory's disk, every rate limit) in place. */
    private static Metrics metrics(Config config) {
        Metrics metrics = new Metrics(config.nodeId());
        metrics.watchDisk(config.dataDir());
        java.util.List<String> limits = new java.util.ArrayList<>(Limit.REFUSING.stream().map(Limit::name).toList());
        limits.add(EventStreams.STREAM_SLOTS_LIMIT);
        metrics.expectRateLimits(limits);
        return metrics;
    }

    /**
     * Pings go out and silent sockets are closed only when the sweep runs, so it must run well
     * within both the ping interval and the slack between interval and timeout: once a second for
     * the defaults (54 s / 60 s), more often for short test settings.
     */
    static long heartbeatSweepMillis(Config config) {
        long interval = config.heartbeatInterval().toMillis();
        long slack = config.heartbeatTimeout().toMillis() - interval;
        return Math.max(20, Math.min(1000, Math.min(interval, slack) / 3));
    }

    private Map<String, Object> stats(Metrics metrics, LocalRouter router) {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("server_id", config.nodeId());
        stats.put("connections", links.size());
        stats.put("topics", router.topicCount());
        stats.put("metrics_connections_gauge", metrics.activeConnections());
        return stats;
    }

    /** Drains connections, then stops every part in reverse order of starting; logs what the drain did. */
    @Override
    public void close() {
        log.info("stopping: no new connections; live clients are asked to reconnect elsewhere");
        long started = System.nanoTime();
        lifecycle.close();
        if (drained != null) log.info(StopReport.drain(drained, inFlight.drained(), Duration.ofNanos(drainedAtNanos - started)));
        log.info("stopped in {}", Durations.format(Duration.ofNanos(System.nanoTime() - started)));
    }
}
