package io.vestnik.presence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vestnik.presence.PresenceTables.Change;
import io.vestnik.presence.PresenceTables.Mode;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence shared by every node through PostgreSQL, for deployments without Redis (SQL in
 * {@link PresenceTables}). Each connect and disconnect is one transaction under a per-user advisory
 * lock (row change + count), so exactly one caller anywhere sees each transition, also when two
 * nodes change a user's connections at the same instant.
 *
 * <p><b>Own pool.</b> A small pool of its own, so a burst of connects waits for presence
 * connections and never for the ones message writes use, and fails fast (after
 * {@link #ACQUIRE_TIMEOUT_MS}) instead of holding a gateway worker while PostgreSQL is away.
 *
 * <p><b>Crashes.</b> The node pushes its {@code alive_until} forward every {@code refreshEvery}
 * (by {@code aliveFor}); every node runs a sweeper every {@code sweepEvery}, one at a time under an
 * advisory lock, which removes the connections of nodes whose {@code alive_until} passed and
 * reports the users who thereby went offline to the {@link Listener}. With the defaults a killed
 * node's users go offline within 30 + 15 s.
 *
 * <p><b>PostgreSQL unreachable.</b> {@code connected}/{@code disconnected} never throw: they log
 * (throttled), report no transition and remember to resync. This node keeps its own connections in
 * memory; once PostgreSQL answers again it replaces its rows with them in one transaction and
 * reports the transitions that caused (late, but once). {@code online} then answers from this
 * node's connections only.
 *
 * <p><b>Clean close</b> removes this node's rows at once and reports users who had connections
 * only here as offline, instead of leaving them online until a sweep.
 *
 * <p>Thread-safe; calls block for a few round trips. Upkeep and listener calls run on one daemon
 * thread of this instance.
 */
public final class PostgresPresence implements Presence {
    private static final Logger log = LoggerFactory.getLogger(PostgresPresence.class);
    private static final int POOL_SIZE = 4;
    static final long ACQUIRE_TIMEOUT_MS = 2_000;

    private final String nodeId;
    private final HikariDataSource pool;
    private final PresenceTables tables;
    private final HeldConnections here = new HeldConnections();
    /** Connects and disconnects share it; a resync or close takes it alone so no change slips between its snapshot and transaction. */
    private final ReadWriteLock gate = new ReentrantReadWriteLock();
    private final ScheduledExecutorService upkeep;
    private volatile Listener listener = (userId, online) -> {};
    private volatile boolean needsResync = true;
    private volatile long lastWarning;

    /** Opens its pool and lists this node; throws when PostgreSQL cannot be reached at start. */
    public PostgresPresence(String jdbcUrl, String nodeId, RedisPresence.Timing timing) {
        this.nodeId = nodeId;
        this.pool = open(jdbcUrl, nodeId);
        this.tables = new PresenceTables(Jdbi.create(pool), timing.aliveFor().toMillis());
        try {
            tables.heartbeat(nodeId);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        upkeep = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("presence-upkeep").unstarted(r));
        // The first resync waits one refresh so the listener is set by then; it drops what a
        // previous process with this node id left behind.
        long refresh = timing.refreshEvery().toMillis();
        long sweep = timing.sweepEvery().toMillis();
        upkeep.scheduleWithFixedDelay(this::refresh, refresh, refresh, TimeUnit.MILLISECONDS);
        upkeep.scheduleWithFixedDelay(this::sweep, sweep, sweep, TimeUnit.MILLISECONDS);
    }

    private static HikariDataSource open(String jdbcUrl, String nodeId) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("vestnik-presence");
        hikari.setJdbcUrl(jdbcUrl);
        hikari.setMaximumPoolSize(POOL_SIZE);
        hikari.setConnectionTimeout(ACQUIRE_TIMEOUT_MS);
        hikari.addDataSourceProperty("ApplicationName", "vestnik-presence:" + nodeId);
        return new HikariDataSource(hikari);
    }

    @Override
    public void listen(Listener listener) {
        this.listener = listener;
    }

    @Override
    public boolean connected(long userId, String connectionId) {
        String id = stored(connectionId);
        return transition("connected", () -> here.add(userId, id), () -> tables.connect(userId, id, nodeId));
    }

    @Override
    public boolean disconnected(long userId, String connectionId) {
        String id = stored(connectionId);
        return transition("disconnected", () -> here.remove(userId, id), () -> tables.disconnect(userId, id));
    }

    /** Records the change here, then in PostgreSQL; a database failure reports no transition. */
    private boolean transition(String what, Runnable recordHere, BooleanSupplier inDatabase) {
        gate.readLock().lock();
        try {
            recordHere.run();
            return inDatabase.getAsBoolean();
        } catch (RuntimeException e) {
            failed(what, e);
            return false;
        } finally {
            gate.readLock().unlock();
        }
    }

    /** One query; while PostgreSQL is unreachable, the users connected to this node. */
    @Override
    public Set<Long> online(Collection<Long> userIds) {
        try {
            return tables.online(userIds);
        } catch (RuntimeException e) {
            failed("online", e);
            return here.online(userIds);
        }
    }

    /** Stops upkeep and removes this node's rows, announcing users who were connected only here. */
    @Override
    public void close() {
        upkeep.shutdownNow();
        try {
            List<Change> changes;
            gate.writeLock().lock();
            try {
                changes = tables.replace(nodeId, Mode.CLOSE, Map.of());
            } finally {
                gate.writeLock().unlock();
            }
            report(changes);
        } catch (RuntimeException e) {
            log.warn("presence: could not remove this node's connections on close, the sweeper will: {}", e.toString());
        } finally {
            pool.close();
        }
    }

    /** For tests: dies like a killed process, leaving its rows for the sweeper. */
    void halt() {
        upkeep.shutdownNow();
        pool.close();
    }

    private void refresh() {
        try {
            if (tables.heartbeat(nodeId)) needsResync = true;
            if (needsResync) resync();
        } catch (RuntimeException e) {
            failed("refresh", e);
        }
    }

    private void resync() {
        List<Change> changes;
        gate.writeLock().lock();
        try {
            needsResync = false;
            changes = tables.replace(nodeId, Mode.RESYNC, here.snapshot());
        } catch (RuntimeException e) {
            needsResync = true;
            throw e;
        } finally {
            gate.writeLock().unlock();
        }
        if (!changes.isEmpty()) log.info("presence: resynced this node's connections, {} transitions", changes.size());
        report(changes);
    }

    private void sweep() {
        try {
            tables.sweep(nodeId, (node, changes) -> {
                log.info("presence: swept node {} whose liveness expired; {} users went offline", node, changes.size());
                report(changes);
            });
        } catch (RuntimeException e) {
            failed("sweep", e);
        }
    }

    private void report(List<Change> changes) {
        for (Change change : changes) {
            try {
                listener.changed(change.userId(), change.online());
            } catch (RuntimeException e) {
                log.warn("presence: announcing user {} failed: {}", change.userId(), e.toString());
            }
        }
    }

    /** Logs at most every 10 s, so an outage does not flood the log with one line per connection. */
    private void failed(String what, Exception e) {
        needsResync = true;
        long now = System.currentTimeMillis();
        if (now - lastWarning < 10_000) return;
        lastWarning = now;
        log.warn("presence: PostgreSQL unreachable during {}; reporting no transition and resyncing later: {}", what, e.toString());
    }

    /** Connection ids the gateway makes start with the node id; others get it, so ids of two nodes never meet. */
    private String stored(String connectionId) {
        return connectionId.startsWith(nodeId + ":") ? connectionId : nodeId + ":" + connectionId;
    }
}
