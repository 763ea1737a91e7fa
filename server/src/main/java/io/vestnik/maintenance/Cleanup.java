package io.vestnik.maintenance;

import io.vestnik.blob.BlobStore;
import io.vestnik.config.Durations;
import io.vestnik.metrics.Metrics;
import io.vestnik.store.MessagePartitions;
import io.vestnik.store.MessagePartitions.Phase;
import io.vestnik.store.Storage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.IntUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention and cleanup (R13): removes sessions that ended more than a day ago (first the
 * rotated-away refresh-token hashes kept for reuse detection, then the session), uploads never
 * sent in a message within a day, SSE/long-poll stream snapshots older than
 * {@link #SNAPSHOT_LIFETIME} (a cursor naming one is refused and the client starts afresh), used
 * WebSocket tickets past their expiry (kept in the database when there is no Redis), chat
 * changes older than {@link #CHANGE_LIFETIME}, and —
 * unless retention is off — messages older than the retention period, with their attachments,
 * pins and search entries (on a partitioned PostgreSQL table, whole partitions once all of their
 * time is past the period: up to one partition interval later than row by row); then the files
 * (blobs) of every attachment removed, by any path, since the last run ({@link BlobCollector}).
 *
 * <p><b>Once per interval, cluster-wide.</b> Every node runs this job; each pass first claims the
 * interval in storage ({@link io.vestnik.store.MaintenanceStore#claim}), and only the node whose
 * claim succeeds removes anything. Nodes try every {@link #checkEvery} so the cluster runs about
 * once per interval however their timers drift; the claim survives restarts, so restarting
 * nodes does not run it more often. A run longer than the interval may overlap the next node's;
 * that is harmless, as each batch removes only what is still there.
 *
 * <p><b>Short locks.</b> Everything is removed in batches of {@link #BATCH} rows, one transaction
 * each, so writers wait at most one batch. Removing messages never reuses a seq and moves each
 * affected chat's version in the same transaction, so caches and live readers stay correct.
 *
 * <p>Threading: passes run on one daemon thread of this instance; {@link #runOnce} may also be
 * called directly (tests). A failing pass is logged and the next one runs as scheduled.
 */
public final class Cleanup implements AutoCloseable {
    static final String JOB = "cleanup";
    static final int BATCH = 1_000;
    /** How long ended sessions stay visible as ended, and how long an upload may wait to be sent. */
    static final Duration GRACE = Duration.ofDays(1);
    /**
     * How long a stream cursor stays resumable: a laptop closed over a long weekend still resumes.
     * A client away longer starts a new stream and re-reads over HTTP, as after a reinstall; 90
     * days (the message retention) kept every cursor ever handed out for a quarter.
     */
    static final Duration SNAPSHOT_LIFETIME = Duration.ofDays(7);
    /**
     * How long a chat's change log keeps a change (decision 0029): a WebSocket client away longer
     * misses changes to messages it already had, and re-reads them over HTTP. Past the longest
     * cursor's life several times over, bounded whether or not messages are kept for ever.
     */
    static final Duration CHANGE_LIFETIME = Duration.ofDays(30);
    /** Soon after start, but not in the middle of it. */
    private static final Duration FIRST_PASS = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(Cleanup.class);

    /** {@code retention} null keeps messages for ever. */
    public record Settings(Duration retention, Duration interval) {}

    /** What one run removed. */
    public record Removed(int sessions, int rotatedTokens, int uploads, int snapshots, int tickets, int messages,
                          int changes, int files) {}

    private final Storage storage;
    private final BlobStore blobs;
    private final Settings settings;
    private final Metrics metrics;
    private final Clock clock;
    private final JobThread thread = new JobThread("cleanup");
    private volatile boolean closed;

    public Cleanup(Storage storage, BlobStore blobs, Settings settings, Metrics metrics, Clock clock) {
        this.storage = storage;
        this.blobs = blobs;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Schedules passes: the first shortly after start, then every {@link #checkEvery}. Returns this. */
    public Cleanup start() {
        Duration every = checkEvery(settings.interval());
        thread.every(FIRST_PASS.compareTo(every) < 0 ? FIRST_PASS : every, every, this::pass);
        return this;
    }

    /** A quarter of the interval, between a second and a minute: one cheap UPDATE per node per check. */
    static Duration checkEvery(Duration interval) {
        Duration quarter = interval.dividedBy(4);
        if (quarter.compareTo(Duration.ofSeconds(1)) < 0) return Duration.ofSeconds(1);
        return quarter.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : quarter;
    }

    private void pass() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.warn("cleanup failed, next try in {}: {}", Durations.format(checkEvery(settings.interval())), e.toString());
        }
    }

    /** Runs the job if this node wins this interval's claim; empty when another run already has it. */
    public Optional<Removed> runOnce() {
        Instant now = clock.instant();
        if (!storage.maintenance().claim(JOB, now, settings.interval())) return Optional.empty();
        Instant graceEnd = now.minus(GRACE);
        // A session is removed only once its rotated tokens are: they would refer to nothing.
        int rotatedTokens = drain("rotated_refresh_tokens", limit -> storage.sessions().deleteRotatedOfEnded(graceEnd, limit));
        int sessions = drain("sessions", limit -> storage.sessions().deleteEnded(graceEnd, limit));
        int uploads = drain("uploads", limit -> storage.attachments().deleteOrphans(graceEnd, limit));
        int snapshots = drain("snapshots", limit -> storage.snapshots().deleteOlderThan(now.minus(SNAPSHOT_LIFETIME), limit));
        int tickets = drain("tickets", limit -> storage.usedTickets().deleteExpired(now, limit));
        int messages = settings.retention() == null ? 0 : removeMessagesBefore(now.minus(settings.retention()));
        int changes = drain("changes", limit -> storage.changes().deleteOlderThan(now.minus(CHANGE_LIFETIME), limit));
        // Last: the rows removed above (uploads, messages' attachments) queued their blobs.
        int files = drain("blobs", limit -> BlobCollector.deleteQueued(storage.attachments(), blobs, limit));
        Removed removed = new Removed(sessions, rotatedTokens, uploads, snapshots, tickets, messages, changes, files);
        log.info("cleanup removed {} ended sessions ({} rotated refresh tokens), {} unsent uploads, {} stream snapshots, {} used tickets, {} chat changes, {} messages, {} files{}",
                sessions, rotatedTokens, uploads, snapshots, tickets, changes, messages, files,
                settings.retention() == null ? " (retention off)" : " older than " + Durations.format(settings.retention()));
        return Optional.of(removed);
    }

    /**
     * On a partitioned table whole partitions go, and only the default partition's rows one by one;
     * otherwise (SQLite, or PostgreSQL before its conversion) rows go in batches.
     */
    private int removeMessagesBefore(Instant before) {
        Optional<MessagePartitions> partitioned = storage.partitions().filter(p -> p.phase() == Phase.PARTITIONED);
        if (partitioned.isEmpty()) return drain("messages", limit -> storage.messages().deleteOlderThan(before, limit));
        int dropped = (int) Math.min(Integer.MAX_VALUE, partitioned.get().dropBefore(before));
        if (dropped > 0) metrics.cleanupRemoved("messages", dropped);
        return dropped + drain("messages", limit -> partitioned.get().deleteStrayOlderThan(before, limit));
    }

    /** Batches until one comes back short (nothing left) or the job is closing; counts as it goes. */
    private int drain(String what, IntUnaryOperator batch) {
        int total = 0;
        int removed;
        do {
            removed = batch.applyAsInt(BATCH);
            total += removed;
            if (removed > 0) metrics.cleanupRemoved(what, removed);
        } while (removed == BATCH && !closed);
        return total;
    }

    /** Stops scheduling and waits briefly for a running batch; storage is closed after this. */
    @Override
    public void close() {
        closed = true;
        thread.close();
    }
}
