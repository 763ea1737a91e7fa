package io.vestnik.presence;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence every node shares through a store outside the node (Redis, PostgreSQL): what both do
 * the same way. Subclasses make each step one atomic operation of their store; this class keeps
 * the node's own connections, the liveness upkeep and the failure mode.
 *
 * <p><b>Crashes.</b> The node refreshes its liveness every {@code refreshEvery} (lasting
 * {@code aliveFor}); every node runs a sweeper every {@code sweepEvery}, one at a time, which
 * removes the connections of nodes whose liveness lapsed and reports the users who thereby went
 * offline to the {@link Listener}. With the defaults a killed node's users go offline within 30 + 15 s.
 *
 * <p><b>Store unreachable.</b> {@code connected}/{@code disconnected} never throw: they log
 * (throttled), report no transition and remember to resync. The node keeps its own connections in
 * memory; once the store answers again it replaces its entries with them in one atomic step and
 * reports the transitions that caused (late, but once). {@code online} then answers from this
 * node's connections only.
 *
 * <p><b>Clean close</b> removes this node's entries at once and reports users who had connections
 * only here as offline, instead of leaving them online until a sweep.
 *
 * <p>Thread-safe; calls block for the store's round trips. Upkeep and listener calls run on one
 * daemon thread of this instance.
 */
abstract sealed class SharedPresence implements Presence permits RedisPresence, PostgresPresence {
    /** A transition a node-wide step caused. */
    record Change(long userId, boolean online) {}

    /** What a node-wide step does with the node's listing. */
    enum Mode {
        /** Another node's, only if its liveness lapsed; unlists it. */
        SWEEP,
        /** This node closing cleanly; unlists it. */
        CLOSE,
        /** This node rewriting its own connections; keeps it listed and alive. */
        RESYNC
    }

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String store;
    protected final String nodeId;
    private final HeldConnections here = new HeldConnections();
    /** Connects and disconnects share it; a resync or close takes it alone so no change slips between its snapshot and store step. */
    private final ReadWriteLock gate = new ReentrantReadWriteLock();
    private final ScheduledExecutorService upkeep =
            Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("presence-upkeep").unstarted(r));
    private volatile Listener listener = (userId, online) -> {};
    private volatile boolean needsResync = true;
    private volatile long lastWarning;

    /** {@code store} names the store in log lines. */
    protected SharedPresence(String store, String nodeId) {
        this.store = store;
        this.nodeId = nodeId;
    }

    /** Adds the connection in the store; true when the user just came online. Throws when the store fails. */
    protected abstract boolean add(long userId, String connectionId);

    /** Removes the connection from the store; true when it was the user's last. Throws when the store fails. */
    protected abstract boolean remove(long userId, String connectionId);

    /** The subset of {@code userIds} online anywhere. Throws when the store fails. */
    protected abstract Set<Long> onlineInStore(Collection<Long> userIds);

    /** Marks this node alive; true when it was not listed, i.e. swept meanwhile (or the store lost its data). */
    protected abstract boolean heartbeat();

    /** Replaces this node's connections with {@code held} (user id to connection ids) atomically; the transitions caused. */
    protected abstract List<Change> replace(Mode mode, Map<Long, Set<String>> held);

    /** Sweeps other nodes whose liveness lapsed, unless another node is sweeping; hands each swept node's transitions to {@code swept}. */
    protected abstract void sweep(BiConsumer<String, List<Change>> swept);

    /** Closes the store's connections. */
    protected abstract void release();

    /** Starts refresh and sweep; subclasses call it last in their constructor, after a first heartbeat. */
    protected final void startUpkeep(PresenceTiming timing) {
        // The first resync waits one refresh so the listener is set by then; it drops what a
        // previous process with this node id left behind.
        long refresh = timing.refreshEvery().toMillis();
        long sweep = timing.sweepEvery().toMillis();
        upkeep.scheduleWithFixedDelay(this::refresh, refresh, refresh, TimeUnit.MILLISECONDS);
        upkeep.scheduleWithFixedDelay(this::sweepOthers, sweep, sweep, TimeUnit.MILLISECONDS);
    }

    @Override
    public final void listen(Listener listener) {
        this.listener = listener;
    }

    @Override
    public final boolean connected(long userId, String connectionId) {
        String id = stored(connectionId);
        return transition("connected", () -> here.add(userId, id), () -> add(userId, id));
    }

    @Override
    public final boolean disconnected(long userId, String connectionId) {
        String id = stored(connectionId);
        return transition("disconnected", () -> here.remove(userId, id), () -> remove(userId, id));
    }

    /** Records the change here, then in the store; a store failure reports no transition. */
    private boolean transition(String what, Runnable recordHere, BooleanSupplier inStore) {
        gate.readLock().lock();
        try {
            recordHere.run();
            return inStore.getAsBoolean();
        } catch (RuntimeException e) {
            failed(what, e);
            return false;
        } finally {
            gate.readLock().unlock();
        }
    }

    /** While the store is unreachable, the users connected to this node. */
    @Override
    public final Set<Long> online(Collection<Long> userIds) {
        try {
            return onlineInStore(userIds);
        } catch (RuntimeException e) {
            failed("online", e);
            return here.online(userIds);
        }
    }

    /** Stops upkeep and removes this node's entries, announcing users who were connected only here. */
    @Override
    public final void close() {
        upkeep.shutdownNow();
        try {
            List<Change> changes;
            gate.writeLock().lock();
            try {
                changes = replace(Mode.CLOSE, Map.of());
            } finally {
                gate.writeLock().unlock();
            }
            report(changes);
        } catch (RuntimeException e) {
            log.warn("presence: could not remove this node's connections on close, the sweeper will: {}", e.toString());
        } finally {
            release();
        }
    }

    /** For tests: dies like a killed process, leaving its entries for the sweeper. */
    final void halt() {
        upkeep.shutdownNow();
        release();
    }

    private void refresh() {
        try {
            if (heartbeat()) needsResync = true;
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
            changes = replace(Mode.RESYNC, here.snapshot());
        } catch (RuntimeException e) {
            needsResync = true;
            throw e;
        } finally {
            gate.writeLock().unlock();
        }
        if (!changes.isEmpty()) log.info("presence: resynced this node's connections, {} transitions", changes.size());
        report(changes);
    }

    private void sweepOthers() {
        try {
            sweep((node, changes) -> {
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
    private void failed(String what, RuntimeException e) {
        needsResync = true;
        long now = System.currentTimeMillis();
        if (now - lastWarning < 10_000) return;
        lastWarning = now;
        log.warn("presence: {} unreachable during {}; reporting no transition and resyncing later: {}", store, what, e.toString());
    }

    /** Connection ids the gateway makes start with the node id; others get it, so ids of two nodes never meet. */
    private String stored(String connectionId) {
        String prefix = nodeId + ":";
        return connectionId.startsWith(prefix) ? connectionId : prefix + connectionId;
    }
}
