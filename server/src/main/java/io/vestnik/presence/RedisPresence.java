package io.vestnik.presence;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.vestnik.redis.LuaScript;
import io.vestnik.redis.RedisConnections;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence shared by every node through Redis (keys in {@link PresenceKeys}). Each connect and
 * disconnect is one Lua script (set change + count), so exactly one caller anywhere sees each
 * transition, also when two nodes change a user's connections at the same instant.
 *
 * <p><b>Crashes.</b> The node refreshes its liveness key every {@code refreshEvery} (TTL
 * {@code aliveFor}); every node runs a sweeper every {@code sweepEvery}, one at a time under a
 * short lock, which removes the connections of listed nodes whose liveness key is gone and reports
 * the users who thereby went offline to the {@link Listener}. With the defaults a killed node's
 * users go offline within 30 + 15 s.
 *
 * <p><b>Redis unreachable.</b> {@code connected}/{@code disconnected} never throw: they log, report
 * no transition and remember to resync. This node keeps its own connections in memory; once Redis
 * answers again it replaces its entries with them in one script and reports the transitions that
 * caused (late, but once). {@code online} then answers from this node's connections only.
 *
 * <p><b>Clean close</b> removes this node's entries at once and reports users who had
 * connections only here as offline, instead of leaving them online until a sweep.
 *
 * <p>Thread-safe; calls block for a Redis round trip (at most the client's command timeout).
 * Upkeep and listener calls run on one daemon thread of this instance.
 */
public final class RedisPresence implements Presence {
    private static final Logger log = LoggerFactory.getLogger(RedisPresence.class);
    private static final LuaScript CONNECT = LuaScript.of(RedisPresence.class, "connect.lua");
    private static final LuaScript DISCONNECT = LuaScript.of(RedisPresence.class, "disconnect.lua");
    private static final LuaScript REPLACE_NODE = LuaScript.of(RedisPresence.class, "replace_node.lua");

    /** How often liveness is refreshed, how long it lasts, how often nodes sweep. */
    public record Timing(Duration aliveFor, Duration refreshEvery, Duration sweepEvery) {
        public static final Timing DEFAULT = forTtl(Duration.ofSeconds(30));

        /** Refresh three times per TTL, sweep twice: a crashed node's users are offline within about 1.5 TTL. */
        public static Timing forTtl(Duration aliveFor) {
            return new Timing(aliveFor, aliveFor.dividedBy(3), aliveFor.dividedBy(2));
        }
    }

    private record Change(long userId, boolean online) {}

    private final PresenceKeys keys;
    private final Timing timing;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    /** This node's connections: the truth to restore after Redis lost them or we were swept. */
    private final Map<Long, Set<String>> here = new ConcurrentHashMap<>();
    /** Connects and disconnects share it; a resync takes it alone so no change slips between its snapshot and script. */
    private final ReadWriteLock gate = new ReentrantReadWriteLock();
    private final ScheduledExecutorService upkeep;
    private volatile Listener listener = (userId, online) -> {};
    private volatile boolean needsResync = true;
    private volatile long lastWarning;

    /** Connects and lists this node; throws when Redis cannot be reached at start. */
    public RedisPresence(RedisConnections redis, String nodeId, Timing timing) {
        this.keys = new PresenceKeys(nodeId);
        this.timing = timing;
        this.connection = redis.strings();
        this.redis = connection.sync();
        heartbeat();
        upkeep = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("presence-upkeep").unstarted(r));
        // The first resync waits one refresh so the listener is set by then; it drops what a
        // previous process with this node id left behind.
        upkeep.scheduleWithFixedDelay(this::refresh, millis(timing.refreshEvery()), millis(timing.refreshEvery()), TimeUnit.MILLISECONDS);
        upkeep.scheduleWithFixedDelay(this::sweep, millis(timing.sweepEvery()), millis(timing.sweepEvery()), TimeUnit.MILLISECONDS);
    }

    @Override
    public void listen(Listener listener) {
        this.listener = listener;
    }

    @Override
    public boolean connected(long userId, String connectionId) {
        String member = keys.member(connectionId);
        return transition("connected", userId, CONNECT, () -> here.compute(userId, (id, set) -> {
            Set<String> members = set == null ? ConcurrentHashMap.newKeySet() : set;
            members.add(member);
            return members;
        }), member, Long.toString(userId));
    }

    @Override
    public boolean disconnected(long userId, String connectionId) {
        String member = keys.member(connectionId);
        return transition("disconnected", userId, DISCONNECT,
                () -> here.computeIfPresent(userId, (id, set) -> set.remove(member) && set.isEmpty() ? null : set),
                member, Long.toString(userId), keys.connectionPrefix());
    }

    /** Records the change here, then runs its script; a Redis failure reports no transition. */
    private boolean transition(String what, long userId, LuaScript script, Runnable recordHere, String... args) {
        gate.readLock().lock();
        try {
            recordHere.run();
            long changed = script.run(redis, ScriptOutputType.INTEGER, new String[] {PresenceKeys.user(userId), keys.node()}, args);
            return changed == 1;
        } catch (RedisException e) {
            failed(what, e);
            return false;
        } finally {
            gate.readLock().unlock();
        }
    }

    /** One pipelined round of EXISTS; while Redis is unreachable, the users connected to this node. */
    @Override
    public Set<Long> online(Collection<Long> userIds) {
        List<Long> ids = List.copyOf(userIds);
        try {
            List<RedisFuture<Long>> answers = new ArrayList<>(ids.size());
            for (long id : ids) answers.add(connection.async().exists(PresenceKeys.user(id)));
            if (!LettuceFutures.awaitAll(connection.getTimeout(), answers.toArray(RedisFuture[]::new))) {
                throw new RedisException("presence query timed out");
            }
            Set<Long> online = new HashSet<>();
            for (int i = 0; i < ids.size(); i++) if (answers.get(i).get() > 0) online.add(ids.get(i));
            return online;
        } catch (RedisException | java.util.concurrent.ExecutionException e) {
            failed("online", e);
            Set<Long> online = new HashSet<>(ids);
            online.retainAll(here.keySet());
            return online;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisException("interrupted", e);
        }
    }

    /** Stops upkeep and removes this node's entries, announcing users who were connected only here. */
    @Override
    public void close() {
        upkeep.shutdownNow();
        try {
            gate.writeLock().lock();
            List<Change> changes;
            try {
                changes = replaceNode(keys.nodeId(), "close", List.of());
            } finally {
                gate.writeLock().unlock();
            }
            report(changes);
        } catch (RuntimeException e) {
            log.warn("presence: could not remove this node's connections on close, the sweeper will: {}", e.toString());
        } finally {
            connection.close();
        }
    }

    /** For tests: dies like a killed process, leaving its entries for the sweeper. */
    void halt() {
        upkeep.shutdownNow();
        connection.close();
    }

    private void refresh() {
        try {
            if (heartbeat()) needsResync = true;
            if (needsResync) resync();
        } catch (RedisException e) {
            failed("refresh", e);
        } catch (RuntimeException e) {
            log.error("presence: refresh failed", e);
        }
    }

    /** Marks this node alive; true when it was not listed, i.e. swept meanwhile (or Redis lost its data). */
    private boolean heartbeat() {
        redis.psetex(keys.alive(), millis(timing.aliveFor()), "1");
        return redis.sadd(PresenceKeys.NODES, keys.nodeId()) == 1;
    }

    private void resync() {
        List<Change> changes;
        gate.writeLock().lock();
        try {
            needsResync = false;
            List<String> held = new ArrayList<>();
            here.forEach((userId, members) -> members.forEach(m -> {
                held.add(Long.toString(userId));
                held.add(m);
            }));
            changes = replaceNode(keys.nodeId(), "resync", held);
        } catch (RedisException e) {
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
            if (redis.set(PresenceKeys.SWEEPER, keys.nodeId(), io.lettuce.core.SetArgs.Builder.nx().px(millis(timing.sweepEvery()))) == null) return;
            for (String node : redis.smembers(PresenceKeys.NODES)) {
                if (node.equals(keys.nodeId()) || redis.exists(PresenceKeys.alive(node)) == 1) continue;
                List<Change> changes = replaceNode(node, "sweep", List.of());
                log.info("presence: swept node {} whose liveness expired; {} users went offline", node, changes.size());
                report(changes);
            }
        } catch (RedisException e) {
            failed("sweep", e);
        } catch (RuntimeException e) {
            log.error("presence: sweep failed", e);
        }
    }

    private List<Change> replaceNode(String nodeId, String mode, List<String> held) {
        String[] args = new String[3 + held.size()];
        args[0] = nodeId;
        args[1] = PresenceKeys.USER_PREFIX;
        args[2] = mode;
        for (int i = 0; i < held.size(); i++) args[3 + i] = held.get(i);
        List<Object> flat = REPLACE_NODE.run(redis, ScriptOutputType.MULTI,
                new String[] {PresenceKeys.node(nodeId), PresenceKeys.NODES, PresenceKeys.alive(nodeId)}, args);
        List<Change> changes = new ArrayList<>(flat.size() / 2);
        for (int i = 0; i < flat.size(); i += 2) {
            changes.add(new Change(Long.parseLong(String.valueOf(flat.get(i))), ((Long) flat.get(i + 1)) == 1));
        }
        return changes;
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

    /** Logs at most every 10 s, so a Redis outage does not flood the log with one line per connection. */
    private void failed(String what, Exception e) {
        needsResync = true;
        long now = System.currentTimeMillis();
        if (now - lastWarning < 10_000) return;
        lastWarning = now;
        log.warn("presence: Redis unreachable during {}; reporting no transition and resyncing later: {}", what, e.toString());
    }

    private static long millis(Duration d) {
        return d.toMillis();
    }
}
