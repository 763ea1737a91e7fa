package io.vestnik.presence;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.vestnik.redis.LuaScript;
import io.vestnik.redis.RedisConnections;
import io.vestnik.redis.RedisHandle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;

/**
 * Presence shared by every node through Redis (keys in {@link PresenceKeys}). Each connect and
 * disconnect is one Lua script (set change + count), so exactly one caller anywhere sees each
 * transition, also when two nodes change a user's connections at the same instant. Liveness,
 * sweeping, the failure mode and clean close are {@link SharedPresence}'s: the liveness key has a
 * TTL of {@code aliveFor}, and the sweeper runs under a short lock key. On a Redis Cluster every
 * presence key shares one hash tag, so the scripts run on one shard (see {@link PresenceKeys}).
 *
 * <p>Thread-safe; calls block for a Redis round trip (at most the client's command timeout).
 */
public final class RedisPresence extends SharedPresence {
    private static final LuaScript CONNECT = LuaScript.of(RedisPresence.class, "connect.lua");
    private static final LuaScript DISCONNECT = LuaScript.of(RedisPresence.class, "disconnect.lua");
    private static final LuaScript REPLACE_NODE = LuaScript.of(RedisPresence.class, "replace_node.lua");

    private final PresenceKeys keys;
    private final PresenceTiming timing;
    private final RedisHandle<String, String> connection;
    private final RedisClusterCommands<String, String> redis;

    /** Connects and lists this node; throws when Redis cannot be reached at start. */
    public RedisPresence(RedisConnections redis, String nodeId, PresenceTiming timing) {
        super("Redis", nodeId);
        this.keys = PresenceKeys.of(nodeId, redis.cluster());
        this.timing = timing;
        this.connection = redis.strings();
        this.redis = connection.sync();
        heartbeat();
        startUpkeep(timing);
    }

    @Override
    protected boolean add(long userId, String connectionId) {
        return run(CONNECT, userId, connectionId, Long.toString(userId));
    }

    @Override
    protected boolean remove(long userId, String connectionId) {
        return run(DISCONNECT, userId, connectionId, Long.toString(userId), keys.connectionPrefix());
    }

    private boolean run(LuaScript script, long userId, String... args) {
        long changed = script.run(redis, ScriptOutputType.INTEGER, new String[] {keys.user(userId), keys.node()}, args);
        return changed == 1;
    }

    /** One pipelined round of EXISTS. */
    @Override
    protected Set<Long> onlineInStore(Collection<Long> userIds) {
        List<Long> ids = List.copyOf(userIds);
        try {
            List<RedisFuture<Long>> answers = new ArrayList<>(ids.size());
            for (long id : ids) answers.add(connection.async().exists(keys.user(id)));
            if (!LettuceFutures.awaitAll(connection.timeout(), answers.toArray(RedisFuture[]::new))) {
                throw new RedisException("presence query timed out");
            }
            Set<Long> online = new HashSet<>();
            for (int i = 0; i < ids.size(); i++) if (answers.get(i).get() > 0) online.add(ids.get(i));
            return online;
        } catch (ExecutionException e) {
            throw new RedisException("presence query failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisException("interrupted", e);
        }
    }

    @Override
    protected boolean heartbeat() {
        redis.psetex(keys.alive(), timing.aliveFor().toMillis(), "1");
        return redis.sadd(keys.nodes(), keys.nodeId()) == 1;
    }

    @Override
    protected List<Change> replace(Mode mode, Map<Long, Set<String>> held) {
        List<String> pairs = new ArrayList<>();
        held.forEach((userId, members) -> members.forEach(m -> {
            pairs.add(Long.toString(userId));
            pairs.add(m);
        }));
        return replaceNode(keys.nodeId(), mode, pairs);
    }

    @Override
    protected void sweep(BiConsumer<String, List<Change>> swept) {
        if (redis.set(keys.sweeper(), keys.nodeId(), SetArgs.Builder.nx().px(timing.sweepEvery().toMillis())) == null) return;
        for (String node : redis.smembers(keys.nodes())) {
            if (node.equals(keys.nodeId()) || redis.exists(keys.alive(node)) == 1) continue;
            swept.accept(node, replaceNode(node, Mode.SWEEP, List.of()));
        }
    }

    @Override
    protected void release() {
        connection.close();
    }

    private List<Change> replaceNode(String nodeId, Mode mode, List<String> held) {
        String[] args = new String[3 + held.size()];
        args[0] = nodeId;
        args[1] = keys.userPrefix();
        args[2] = mode.name().toLowerCase(Locale.ROOT);
        for (int i = 0; i < held.size(); i++) args[3 + i] = held.get(i);
        List<Object> flat = REPLACE_NODE.run(redis, ScriptOutputType.MULTI,
                new String[] {keys.node(nodeId), keys.nodes(), keys.alive(nodeId)}, args);
        List<Change> changes = new ArrayList<>(flat.size() / 2);
        for (int i = 0; i < flat.size(); i += 2) {
            changes.add(new Change(Long.parseLong(String.valueOf(flat.get(i))), ((Long) flat.get(i + 1)) == 1));
        }
        return changes;
    }
}
