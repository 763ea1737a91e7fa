package io.vestnik.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.DiskSpaceMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.metrics.Info;
import io.vestnik.store.StorageMeters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Every meter Vestnik exports at {@code /metrics}, named once here. All are tagged with the
 * node's id so a dashboard can tell nodes apart. Meters counted per delivery are fields, so the
 * hot path neither looks anything up nor allocates; rarer events (closes, refusals, requests) may.
 */
public final class Metrics implements AutoCloseable {
    /** What the chat cache holds: a chat's metadata and members, and its recent messages. */
    private static final java.util.List<String> CACHE_KINDS = java.util.List.of("chat", "messages");
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final ConnectionMeters connections;
    private final HttpMeters http;
    private final CommitMeters commits;
    private final ExportMeters export;
    private final Map<WebhookOutcome, Counter> webhookDeliveries = new EnumMap<>(WebhookOutcome.class);
    private final Map<String, Counter> rateLimits = new ConcurrentHashMap<>();
    private final Map<String, Counter> cacheHits = new java.util.HashMap<>();
    private final Map<String, Counter> cacheMisses = new java.util.HashMap<>();
    private final AtomicInteger ready = new AtomicInteger();
    private final AtomicLong webhookQueueDepth = new AtomicLong();

    /** What became of one try to deliver a webhook event. */
    public enum WebhookOutcome { ACKNOWLEDGED, FAILED, DEAD_LETTERED }
    private final Counter messagesSent;
    private final Counter deliveries;
    private final Timer deliveryLatency;
    private final Counter slowConsumers;
    private final Counter brokerPublished;
    private final Counter brokerPublishedBytes;
    private final Counter brokerReceived;
    private final Counter brokerReceivedBytes;
    private final Counter brokerUnrouted;
    private final Counter storageQueriesSaved;

    public Metrics(String nodeId) {
        registry.config().commonTags("node", nodeId);
        bindJvmAndProcess();
        connections = new ConnectionMeters(registry);
        http = new HttpMeters(registry);
        commits = new CommitMeters(registry);
        export = new ExportMeters(registry);
        // An info metric of Prometheus' own: Micrometer would drop a gauge's reserved "_info" suffix.
        Info.builder().name("vestnik_build_info").help("Always 1; the version label says which build runs")
                .labelNames("node", "version").register(registry.getPrometheusRegistry()).setLabelValues(nodeId, version());
        Gauge.builder("vestnik_ready", ready, AtomicInteger::get)
                .description("1 when the node would answer /health/ready with 200 at its last check, else 0").register(registry);
        Gauge.builder("vestnik_webhook_queue_depth", webhookQueueDepth, AtomicLong::get)
                .description("Webhook events not yet delivered (pending, due or leased), as last counted").register(registry);
        messagesSent = Counter.builder("vestnik_messages_sent").description("Messages stored and published").register(registry);
        deliveries = Counter.builder("vestnik_deliveries").description("new_message frames written to sockets, live and replayed").register(registry);
        deliveryLatency = Timer.builder("vestnik_delivery_latency")
                .description("From publishing a message to writing it to a recipient's socket")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        slowConsumers = Counter.builder("vestnik_slow_consumers")
                .description("Connections closed because their outbound queue passed its bound").register(registry);
        brokerPublished = Counter.builder("vestnik_broker_published").description("Envelopes this node published").register(registry);
        brokerPublishedBytes = Counter.builder("vestnik_broker_published_bytes").description("Payload bytes this node published").register(registry);
        brokerReceived = Counter.builder("vestnik_broker_received").description("Envelopes this node received from the broker").register(registry);
        brokerReceivedBytes = Counter.builder("vestnik_broker_received_bytes").description("Payload bytes this node received").register(registry);
        brokerUnrouted = Counter.builder("vestnik_broker_unrouted")
                .description("Envelopes received for a topic no local connection wants (wasted traffic)").register(registry);
        storageQueriesSaved = Counter.builder("vestnik_storage_queries_saved")
                .description("Storage queries the chat cache answered instead (before its one version lookup per read)").register(registry);
        for (String kind : CACHE_KINDS) {
            cacheHits.put(kind, cacheCounter("vestnik_cache_hits", "Reads the chat cache answered", kind));
            cacheMisses.put(kind, cacheCounter("vestnik_cache_misses", "Reads the chat cache sent to storage", kind));
        }
        for (WebhookOutcome outcome : WebhookOutcome.values()) {
            webhookDeliveries.put(outcome, Counter.builder("vestnik_webhook_deliveries").tag("outcome", outcome.name().toLowerCase())
                    .description("Tries to deliver a webhook event, by outcome").register(registry));
        }
    }

    private void bindJvmAndProcess() {
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** The jar's Implementation-Version; "dev" when run from classes (tests, an IDE). */
    private static String version() {
        String version = Metrics.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** Free and total bytes of the file system holding the data directory. */
    public void watchDisk(Path dataDir) {
        new DiskSpaceMetrics(dataDir.toFile()).bindTo(registry);
    }

    /** How the storage engine reports its pools and group commits. */
    public StorageMeters storage() {
        return commits;
    }

    /** Event export's lag, confirmations and failures. */
    public ExportMeters export() {
        return export;
    }

    public void webhookDelivery(WebhookOutcome outcome) {
        webhookDeliveries.get(outcome).increment();
    }

    /** Webhook events not yet delivered, as just counted (the count is a query: never made by a scrape). */
    public void webhookQueueDepth(long events) {
        webhookQueueDepth.set(events);
    }

    public void connectionOpened(Transport transport) {
        connections.opened(transport);
    }

    /** {@code code}: the WebSocket close code, or a short reason for SSE and polls, from a small set. */
    public void connectionClosed(Transport transport, String code) {
        connections.closed(transport, code);
    }

    /** The close codes or reasons a transport may report, registered at 0 so dashboards see them from the start. */
    public void expectCloses(Transport transport, Collection<String> codes) {
        connections.expectCloses(transport, codes);
    }

    public void connectionError(Refusal cause) {
        connections.refused(cause);
    }

    /** Open connections on this node, all transports. */
    public int activeConnections() {
        return connections.active();
    }

    public void messageSent() {
        messagesSent.increment();
    }

    /**
     * new_message frames written to sockets; live ones (published at a known time) also feed the
     * latency histogram. {@code count} recipients were written a message published at {@code publishedAtMillis} (0: a
     * replay, not timed). The latency is one sample per call: writers call once per message per
     * event-loop batch, whose recipients are written within the same moment.
     */
    public void delivered(int count, long publishedAtMillis) {
        deliveries.increment(count);
        if (publishedAtMillis > 0) {
            deliveryLatency.record(Math.max(0, System.currentTimeMillis() - publishedAtMillis), TimeUnit.MILLISECONDS);
        }
    }

    /** A request, upgrade or frame refused by the rate limit named {@code limit}. */
    public void rateLimited(String limit) {
        rateLimitCounter(limit).increment();
    }

    /** The limits there are, registered at 0 so dashboards see them from the start. */
    public void expectRateLimits(Collection<String> limits) {
        limits.forEach(this::rateLimitCounter);
    }

    private Counter rateLimitCounter(String limit) {
        return rateLimits.computeIfAbsent(limit, l -> Counter.builder("vestnik_rate_limit_violations").tag("limit", l)
                .description("Requests, upgrades and frames refused by a rate limit, by limit").register(registry));
    }

    public void slowConsumer() {
        slowConsumers.increment();
    }

    /** Records what readiness was just found to be, and returns it. */
    public boolean ready(boolean isReady) {
        ready.set(isReady ? 1 : 0);
        return isReady;
    }

    /** An HTTP request answered: {@code route} is the route template, never the raw path. */
    public void httpRequest(String method, String route, int status, long nanos) {
        http.record(method, route, status, nanos);
    }

    /**
     * The broker's state: its delivery canary (the node's message to itself, through the broker, in
     * seconds) and whether it is healthy. Both suppliers are read at each scrape, so must not block.
     */
    public void watchBroker(Supplier<Duration> lastRoundTrip, BooleanSupplier healthy) {
        Gauge.builder("vestnik_broker_canary_seconds", () -> {
                    Duration rtt = lastRoundTrip.get();
                    return rtt == null ? Double.NaN : rtt.toNanos() / 1e9;
                })
                .description("Round trip of the node's last message to itself through the broker").register(registry);
        Gauge.builder("vestnik_broker_healthy", () -> healthy.getAsBoolean() ? 1 : 0)
                .description("1 while the broker is connected and its canary came back within its deadline").register(registry);
    }

    /** Bytes waiting in the node for its clients to read; read at each scrape, so must not block. */
    public void watchOutbound(LongSupplier queuedBytes) {
        Gauge.builder("vestnik_outbound_queued_bytes", queuedBytes::getAsLong)
                .description("Bytes written for this node's live connections that their clients have not yet taken").register(registry);
    }

    public void brokerPublished(int payloadBytes) {
        brokerPublished.increment();
        brokerPublishedBytes.increment(payloadBytes);
    }

    public void brokerReceived(int payloadBytes, boolean routed) {
        brokerReceived.increment();
        brokerReceivedBytes.increment(payloadBytes);
        if (!routed) brokerUnrouted.increment();
    }

    /** A read the chat cache answered; {@code kind} is "chat" or "messages". */
    public void cacheHit(String kind, int storageQueriesAvoided) {
        cacheHits.get(kind).increment();
        storageQueriesSaved.increment(storageQueriesAvoided);
    }

    /** A read the chat cache could not answer from a current entry (rebuilt or read from storage). */
    public void cacheMiss(String kind) {
        cacheMisses.get(kind).increment();
    }

    /** Rows the cleanup job removed; {@code what} is "sessions", "uploads" or "messages". */
    public void cleanupRemoved(String what, int count) {
        Counter.builder("vestnik_cleanup_removed").description("Rows the cleanup job removed (sessions, uploads, messages)")
                .tag("what", what).register(registry).increment(count);
    }

    private Counter cacheCounter(String name, String description, String kind) {
        return Counter.builder(name).description(description).tag("kind", kind).register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public String scrape() {
        return registry.scrape();
    }

    /** Stops listening for GC notifications (they would outlive a node started and stopped in one JVM). */
    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
