package io.vestnik.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every meter Vestnik exports at {@code /metrics}, named once here. All are tagged with the
 * node's id so a dashboard can tell nodes apart.
 */
public final class Metrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger connections = new AtomicInteger();
    private final Map<WebhookOutcome, Counter> webhookDeliveries = new EnumMap<>(WebhookOutcome.class);

    /** What became of one try to deliver a webhook event. */
    public enum WebhookOutcome { ACKNOWLEDGED, FAILED, DEAD_LETTERED }
    private final Counter messagesSent;
    private final Counter deliveries;
    private final Timer deliveryLatency;
    private final Counter rateLimited;
    private final Counter connectionErrors;
    private final Counter slowConsumers;
    private final Counter brokerPublished;
    private final Counter brokerPublishedBytes;
    private final Counter brokerReceived;
    private final Counter brokerReceivedBytes;
    private final Counter brokerUnrouted;
    private final Counter storageQueriesSaved;

    public Metrics(String nodeId) {
        registry.config().commonTags("node", nodeId);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        Gauge.builder("vestnik_connections_active", connections, AtomicInteger::get)
                .description("Open client connections on this node: WebSockets, SSE streams, waiting long polls").register(registry);
        messagesSent = Counter.builder("vestnik_messages_sent").description("Messages stored and published").register(registry);
        deliveries = Counter.builder("vestnik_deliveries").description("new_message frames written to sockets, live and replayed").register(registry);
        deliveryLatency = Timer.builder("vestnik_delivery_latency")
                .description("From publishing a message to writing it to a recipient's socket")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        rateLimited = Counter.builder("vestnik_rate_limit_violations").description("Requests refused by a rate limit").register(registry);
        connectionErrors = Counter.builder("vestnik_connection_errors").description("WebSocket upgrades refused or failed").register(registry);
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
        for (WebhookOutcome outcome : WebhookOutcome.values()) {
            webhookDeliveries.put(outcome, Counter.builder("vestnik_webhook_deliveries").tag("outcome", outcome.name().toLowerCase())
                    .description("Tries to deliver a webhook event, by outcome").register(registry));
        }
    }

    public void webhookDelivery(WebhookOutcome outcome) {
        webhookDeliveries.get(outcome).increment();
    }

    public void connectionOpened() {
        connections.incrementAndGet();
    }

    public void connectionClosed() {
        connections.decrementAndGet();
    }

    public int activeConnections() {
        return connections.get();
    }

    public void messageSent() {
        messagesSent.increment();
    }

    /** A new_message frame written to a socket; live ones (published at a known time) also feed the latency histogram. */
    public void delivered(long publishedAtMillis) {
        deliveries.increment();
        if (publishedAtMillis > 0) {
            deliveryLatency.record(Math.max(0, System.currentTimeMillis() - publishedAtMillis), TimeUnit.MILLISECONDS);
        }
    }

    public void rateLimited() {
        rateLimited.increment();
    }

    public void slowConsumer() {
        slowConsumers.increment();
    }

    public void connectionError() {
        connectionErrors.increment();
    }

    /** The broker's delivery canary: the node's message to itself, through the broker, in seconds. */
    public void watchCanary(java.util.function.Supplier<java.time.Duration> lastRoundTrip) {
        Gauge.builder("vestnik_broker_canary_seconds", () -> {
                    java.time.Duration rtt = lastRoundTrip.get();
                    return rtt == null ? Double.NaN : rtt.toNanos() / 1e9;
                })
                .description("Round trip of the node's last message to itself through the broker").register(registry);
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
        cacheCounter("vestnik_cache_hits", "Reads the chat cache answered", kind).increment();
        storageQueriesSaved.increment(storageQueriesAvoided);
    }

    /** A read the chat cache could not answer from a current entry (rebuilt or read from storage). */
    public void cacheMiss(String kind) {
        cacheCounter("vestnik_cache_misses", "Reads the chat cache sent to storage", kind).increment();
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
}
