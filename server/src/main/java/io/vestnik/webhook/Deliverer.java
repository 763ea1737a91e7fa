package io.vestnik.webhook;

import io.vestnik.config.WebhookSettings;
import io.vestnik.domain.WebhookEvent;
import io.vestnik.metrics.Metrics;
import io.vestnik.metrics.Metrics.WebhookOutcome;
import io.vestnik.store.WebhookQueue;
import io.vestnik.store.WebhookQueue.Claimed;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox: every node runs one. A platform thread claims due events
 * ({@link WebhookQueue#claim}, leased so no other node sends them meanwhile) and hands each to a
 * virtual thread that POSTs it, signed; any 2xx removes it, anything else or no answer within the
 * timeout schedules a retry with {@link Backoff}, until the retry period ends and it is dead-lettered.
 *
 * <p>Nothing here is on the send path: a send only wrote the outbox row. At most
 * {@link WebhookSettings#perEndpoint} deliveries per endpoint and {@link #IN_FLIGHT} in all are
 * in flight on one node, so a slow endpoint holds only its own share. A node that dies mid-delivery
 * leaves its leases to expire; the events are sent again (at least once, identified by their id).
 */
public final class Deliverer implements AutoCloseable {
    static final int IN_FLIGHT = 64;
    private static final Duration IDLE_POLL = Duration.ofMillis(200);
    private static final int ERROR_CHARS = 200;
    private static final Logger log = LoggerFactory.getLogger(Deliverer.class);

    private final WebhookQueue queue;
    private final WebhookSettings settings;
    private final Destinations destinations;
    private final Backoff backoff;
    private final Clock clock;
    private final Metrics metrics;
    private final HttpClient http;
    private final ExecutorService deliveries = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<Long, AtomicInteger> perEndpoint = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Thread poller;
    private volatile boolean closed;

    public Deliverer(WebhookQueue queue, WebhookSettings settings, Metrics metrics, Clock clock) {
        this.queue = queue;
        this.settings = settings;
        this.destinations = new Destinations(settings.allowPrivate());
        this.backoff = new Backoff(settings.retryBase(), settings.retryMax());
        this.clock = clock;
        this.metrics = metrics;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).executor(deliveries).build();
        this.poller = Thread.ofPlatform().daemon().name("webhook-deliverer").unstarted(this::run);
    }

    public Deliverer start() {
        poller.start();
        return this;
    }

    /** Stops claiming and waits (up to about the timeout each) for the claim and the deliveries in flight; leases of unfinished ones expire. */
    @Override
    public void close() {
        closed = true;
        poller.interrupt();
        try {
            poller.join(settings.timeout().toMillis());
            deliveries.shutdown();
            if (!deliveries.awaitTermination(settings.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS)) deliveries.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (!closed) {
            try {
                if (claimOnce() == 0) Thread.sleep(IDLE_POLL);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("Claiming webhook events failed: {}", e.toString());
                sleepQuietly();
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(IDLE_POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Claims what this node has room for and starts sending it; returns how many it started. Events
     * of an endpoint already at its share are given back, and do not count: with nothing started the
     * poller waits before it claims again, rather than spin on a busy endpoint.
     */
    private int claimOnce() {
        int room = IN_FLIGHT - inFlight.get();
        if (room <= 0) return 0;
        int started = 0;
        for (Claimed c : queue.claim(clock.instant(), settings.timeout().multipliedBy(3), room)) {
            if (start(c)) started++;
            else queue.release(c);
        }
        return started;
    }

    /** Sends {@code c} on a virtual thread, unless its endpoint already has its share in flight here. */
    private boolean start(Claimed c) {
        AtomicInteger endpoint = perEndpoint.computeIfAbsent(c.event().webhookId(), id -> new AtomicInteger());
        if (endpoint.incrementAndGet() > settings.perEndpoint()) {
            endpoint.decrementAndGet();
            return false;
        }
        inFlight.incrementAndGet();
        deliveries.execute(() -> {
            try {
                deliver(c);
            } finally {
                endpoint.decrementAndGet();
                inFlight.decrementAndGet();
            }
        });
        return true;
    }

    private void deliver(Claimed c) {
        String failure;
        try {
            failure = send(c);
        } catch (RuntimeException e) {
            failure = e.toString();
        }
        try {
            if (failure == null) acknowledged(c);
            else failed(c, failure);
        } catch (RuntimeException e) {
            log.warn("Recording the outcome of webhook event {} failed (its lease will expire): {}", c.event().id(), e.toString());
        }
    }

    /** Null when acknowledged, else why not. */
    private String send(Claimed c) {
        var refused = destinations.refusal(c.url());
        if (refused.isPresent()) return "The url " + refused.get();
        String body = body(c.event());
        HttpRequest request = HttpRequest.newBuilder(URI.create(c.url())).timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("Vestnik-Event-Id", c.event().id())
                .header("Vestnik-Signature", Signature.header(c.secret(), clock.instant().getEpochSecond(), body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status / 100 == 2 ? null : "HTTP " + status;
        } catch (java.io.IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private void acknowledged(Claimed c) {
        queue.delivered(c.rowId());
        metrics.webhookDelivery(WebhookOutcome.ACKNOWLEDGED);
    }

    private void failed(Claimed c, String failure) {
        Instant now = clock.instant();
        String error = failure.length() > ERROR_CHARS ? failure.substring(0, ERROR_CHARS) : failure;
        if (!now.isBefore(c.retryFrom().plus(settings.retryFor()))) {
            queue.deadLetter(c, now, error);
            metrics.webhookDelivery(WebhookOutcome.DEAD_LETTERED);
        } else {
            queue.retryAt(c, now.plus(backoff.after(c.event().attempts())), error);
            metrics.webhookDelivery(WebhookOutcome.FAILED);
        }
    }

    /** The delivered body, the same on every try: {@code {id, type, created_at, data}}. */
    static String body(WebhookEvent e) {
        return "{\"id\":\"" + e.id() + "\",\"type\":\"" + e.type().wire() + "\",\"created_at\":\"" + e.createdAt()
                + "\",\"data\":" + e.data() + "}";
    }
}
