package io.vestnik.export;

import io.vestnik.broker.ThrottledLog;
import io.vestnik.domain.ExportEvent;
import io.vestnik.metrics.ExportMeters;
import io.vestnik.store.ExportQueue;
import io.vestnik.store.ExportQueue.Backlog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds an {@link EventExport} from the export outbox; every node configured to export runs one,
 * and the one holding the target's lease ({@link ExportQueue#lease}) works. A platform thread
 * takes the oldest rows, publishes them {@link Waves wave by wave} (never two of one chat in
 * flight), waits for the broker's confirmations, and deletes the confirmed rows. The first
 * failure ends the round: what was not confirmed stays, and is published again after a pause.
 *
 * <p>The lease (three publish timeouts) is renewed before a wave whenever less than two would be
 * left, so a node that lost it (a pause longer than the lease) stops before its next wave. A node that dies simply lets it expire: the next owner starts from
 * the rows left, in order, so a chat's order holds across fail-over (at least once: the dead
 * node's unconfirmed events come again).
 */
public final class Exporter implements AutoCloseable {
    static final int BATCH = 500;
    private static final Duration IDLE_POLL = Duration.ofMillis(200);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
    private static final Duration LAG_EVERY = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(Exporter.class);

    private final ExportQueue queue;
    private final EventExport export;
    private final Duration timeout;
    private final Duration lease;
    private final ExportMeters metrics;
    private final Clock clock;
    private final String owner = UUID.randomUUID().toString();
    private final Thread worker;
    /** A database outage fails every round: one line every few seconds, not one a second. */
    private final ThrottledLog roundFailures = new ThrottledLog(log);
    private Instant leaseUntil = Instant.MIN;
    private Instant lagAt = Instant.MIN;
    private volatile boolean closed;

    public Exporter(ExportQueue queue, EventExport export, Duration timeout, ExportMeters metrics, Clock clock) {
        this.queue = queue;
        this.export = export;
        this.timeout = timeout;
        this.lease = timeout.multipliedBy(3);
        this.metrics = metrics;
        this.clock = clock;
        this.worker = Thread.ofPlatform().daemon().name("exporter-" + export.engine()).unstarted(this::run);
    }

    /** Registers the target (events are kept for it from now on, whatever this node does) and starts exporting. */
    public Exporter start() {
        queue.register(export.engine(), clock.instant());
        worker.start();
        return this;
    }

    /** Stops after the wave in flight (at most a publish timeout), gives the lease up and closes the connection. */
    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        try {
            worker.join(timeout.toMillis() + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            queue.release(export.engine(), owner);
        } catch (RuntimeException e) {
            log.warn("Releasing the {} export lease failed (it will expire): {}", export.engine(), e.toString());
        }
        export.close();
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(round());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                roundFailures.warn("Exporting events to " + export.engine() + " failed", e.toString());
                metrics.failed(export.engine());
                pause(RETRY_PAUSE);
            }
        }
    }

    private static void pause(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One batch if this node holds the lease; returns how long to wait before the next (zero after a full batch). */
    private Duration round() throws InterruptedException {
        measureLag();
        if (!holdsLease()) return IDLE_POLL;
        List<ExportEvent> batch = queue.pending(export.engine(), BATCH);
        if (batch.isEmpty()) return IDLE_POLL;
        List<Long> confirmed = new ArrayList<>();
        boolean whole = publish(batch, confirmed);
        queue.exported(export.engine(), confirmed);
        metrics.exported(export.engine(), confirmed.size());
        if (!whole) return RETRY_PAUSE;
        return batch.size() == BATCH ? Duration.ZERO : IDLE_POLL;
    }

    /** Wave after wave while each is confirmed whole and the lease holds; adds what was confirmed. True when all was. */
    private boolean publish(List<ExportEvent> batch, List<Long> confirmed) throws InterruptedException {
        for (List<ExportEvent> wave : Waves.of(batch)) {
            if (closed || !holdsLease()) return false;
            if (!publishWave(wave, confirmed)) return false;
        }
        return true;
    }

    private boolean publishWave(List<ExportEvent> wave, List<Long> confirmed) throws InterruptedException {
        List<CompletableFuture<Void>> sent = send(wave);
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean whole = sent.size() == wave.size();
        for (int i = 0; i < sent.size(); i++) {
            String failure = outcome(sent.get(i), deadline);
            if (failure == null) {
                confirmed.add(wave.get(i).rowId());
            } else {
                if (whole) log.warn("Exporting event {} to {} failed (it will be published again): {}", wave.get(i).id(), export.engine(), failure);
                metrics.failed(export.engine());
                whole = false;
            }
        }
        return whole;
    }

    /**
     * Publishes the wave's events, but no more once one failed at once: the broker is away, and a
     * client may block each further call (Kafka waits for metadata) for nothing.
     */
    private List<CompletableFuture<Void>> send(List<ExportEvent> wave) {
        List<CompletableFuture<Void>> sent = new ArrayList<>(wave.size());
        for (ExportEvent event : wave) {
            CompletableFuture<Void> publishing = export.publish(event);
            sent.add(publishing);
            if (publishing.isCompletedExceptionally()) break;
        }
        return sent;
    }

    /** Null once the broker confirmed, else why not (no confirmation by the deadline included). */
    private static String outcome(CompletableFuture<Void> sent, long deadline) throws InterruptedException {
        try {
            sent.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        } catch (ExecutionException e) {
            return String.valueOf(e.getCause());
        } catch (TimeoutException e) {
            return "no confirmation within the timeout";
        }
    }

    /**
     * Renews the lease when less than two publish timeouts of it are left (a wave takes at most one,
     * and a client's blocking call half of one more); true while this node holds it.
     */
    private boolean holdsLease() {
        Instant now = clock.instant();
        if (now.plus(timeout.multipliedBy(2)).isBefore(leaseUntil)) return true;
        leaseUntil = queue.lease(export.engine(), owner, now, lease) ? now.plus(lease) : Instant.MIN;
        return leaseUntil != Instant.MIN;
    }

    /** Every node reports the target's backlog (the same for all), at most once a second. */
    private void measureLag() {
        Instant now = clock.instant();
        if (now.isBefore(lagAt.plus(LAG_EVERY))) return;
        lagAt = now;
        Backlog backlog = queue.backlog(export.engine());
        metrics.lag(backlog.events(), backlog.oldest() == null ? Duration.ZERO : Duration.between(backlog.oldest(), now));
    }
}
