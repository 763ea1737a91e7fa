package io.vestnik.presence;

import io.vestnik.presence.SharedPresence.Change;
import io.vestnik.presence.SharedPresence.Mode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The SQL of {@link PostgresPresence} over {@code presence_connections} and {@code presence_nodes}
 * (migration V3). A user's count changes only under {@code pg_advisory_xact_lock(USER_LOCKS,
 * key(user))}, taken first in the same transaction, so each online/offline transition is seen by
 * exactly one transaction on any node. Times are the database's clock, so node clocks need not agree.
 *
 * <p>Every method is one transaction (a sweep: one per swept node) and throws on database errors.
 */
final class PresenceTables {
    /** Advisory lock space of per-user locks; the two-int form never meets the one-bigint locks Flyway takes. */
    private static final int USER_LOCKS = 0x5653_5450;
    /** Advisory lock space of the sweeper's one lock. */
    private static final int SWEEPER_LOCK = 0x5653_5457;
    private static final String NOW_MILLIS = "(extract(epoch FROM clock_timestamp()) * 1000)::bigint";

    private final Jdbi jdbi;
    private final long aliveForMillis;

    PresenceTables(Jdbi jdbi, long aliveForMillis) {
        this.jdbi = jdbi;
        this.aliveForMillis = aliveForMillis;
    }

    /** Adds the connection; true when it is the user's only one, i.e. the user just came online. */
    boolean connect(long userId, String connectionId, String nodeId) {
        return jdbi.inTransaction(h -> {
            lockUsers(h, List.of(userId));
            int added = h.createUpdate("""
                            INSERT INTO presence_connections (connection_id, user_id, node_id)
                            VALUES (:connection, :user, :node) ON CONFLICT (connection_id) DO NOTHING""")
                    .bind("connection", connectionId).bind("user", userId).bind("node", nodeId).execute();
            return added == 1 && count(h, userId) == 1;
        });
    }

    /** Removes the connection; true when it was the user's last, i.e. the user just went offline. */
    boolean disconnect(long userId, String connectionId) {
        return jdbi.inTransaction(h -> {
            lockUsers(h, List.of(userId));
            int removed = h.createUpdate("DELETE FROM presence_connections WHERE connection_id = :connection AND user_id = :user")
                    .bind("connection", connectionId).bind("user", userId).execute();
            return removed == 1 && count(h, userId) == 0;
        });
    }

    /** One query: the subset of {@code userIds} with a connection anywhere. */
    Set<Long> online(Collection<Long> userIds) {
        return jdbi.withHandle(h -> h.createQuery("SELECT DISTINCT user_id FROM presence_connections WHERE user_id = ANY(:users)")
                .bindArray("users", Long.class, userIds).mapTo(Long.class).set());
    }

    /** Pushes the node's liveness forward; true when the node was not listed (swept, or a new database). */
    boolean heartbeat(String nodeId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        INSERT INTO presence_nodes (node_id, alive_until) VALUES (:node, %s + :ttl)
                        ON CONFLICT (node_id) DO UPDATE SET alive_until = EXCLUDED.alive_until
                        RETURNING xmax = 0""".formatted(NOW_MILLIS))
                .bind("node", nodeId).bind("ttl", aliveForMillis).mapTo(Boolean.class).one());
    }

    /**
     * Sweeps every other node whose liveness lapsed, one node per transaction, and hands each
     * node's transitions to {@code swept} once that transaction committed. Nodes sweep one at a
     * time (a session-level try-lock; another sweeper running means this one skips); exactness
     * does not depend on that, only on the per-user locks.
     */
    void sweep(String self, BiConsumer<String, List<Change>> swept) {
        jdbi.useHandle(h -> {
            if (!h.createQuery("SELECT pg_try_advisory_lock(:space, 0)").bind("space", SWEEPER_LOCK).mapTo(Boolean.class).one()) return;
            try {
                List<String> lapsed = h.createQuery("SELECT node_id FROM presence_nodes WHERE alive_until < %s AND node_id <> :self"
                        .formatted(NOW_MILLIS)).bind("self", self).mapTo(String.class).list();
                for (String node : lapsed) swept.accept(node, h.inTransaction(t -> replace(t, node, Mode.SWEEP, Map.of())));
            } finally {
                h.createQuery("SELECT pg_advisory_unlock(:space, 0)").bind("space", SWEEPER_LOCK).mapTo(Boolean.class).one();
            }
        });
    }

    /** Replaces the node's connections with {@code held} (user id to connection ids) in one transaction; the transitions it caused. */
    List<Change> replace(String nodeId, Mode mode, Map<Long, Set<String>> held) {
        return jdbi.inTransaction(h -> replace(h, nodeId, mode, held));
    }

    private List<Change> replace(Handle h, String nodeId, Mode mode, Map<Long, Set<String>> held) {
        if (mode == Mode.SWEEP && !lapsed(h, nodeId)) return List.of();
        Set<Long> users = new TreeSet<>(h.createQuery("SELECT DISTINCT user_id FROM presence_connections WHERE node_id = :node")
                .bind("node", nodeId).mapTo(Long.class).set());
        users.addAll(held.keySet());
        lockUsers(h, users);
        Map<Long, Long> before = counts(h, users);
        h.createUpdate("DELETE FROM presence_connections WHERE node_id = :node AND user_id = ANY(:users)")
                .bind("node", nodeId).bindArray("users", Long.class, users).execute();
        insert(h, nodeId, held);
        Map<Long, Long> after = counts(h, users);
        if (mode == Mode.RESYNC) {
            h.createUpdate("""
                            INSERT INTO presence_nodes (node_id, alive_until) VALUES (:node, %s + :ttl)
                            ON CONFLICT (node_id) DO UPDATE SET alive_until = EXCLUDED.alive_until""".formatted(NOW_MILLIS))
                    .bind("node", nodeId).bind("ttl", aliveForMillis).execute();
        } else {
            h.createUpdate("DELETE FROM presence_nodes WHERE node_id = :node").bind("node", nodeId).execute();
        }
        List<Change> changes = new ArrayList<>();
        for (long user : users) {
            boolean was = before.getOrDefault(user, 0L) > 0;
            boolean is = after.getOrDefault(user, 0L) > 0;
            if (was != is) changes.add(new Change(user, is));
        }
        return changes;
    }

    /** Locks the node's row if its liveness lapsed; a row a heartbeat holds or has just renewed is not lapsed. */
    private static boolean lapsed(Handle h, String nodeId) {
        return h.createQuery("SELECT node_id FROM presence_nodes WHERE node_id = :node AND alive_until < %s FOR UPDATE SKIP LOCKED"
                .formatted(NOW_MILLIS)).bind("node", nodeId).mapTo(String.class).findOne().isPresent();
    }

    private static void insert(Handle h, String nodeId, Map<Long, Set<String>> held) {
        List<String> connections = new ArrayList<>();
        List<Long> owners = new ArrayList<>();
        held.forEach((user, ids) -> ids.forEach(id -> {
            connections.add(id);
            owners.add(user);
        }));
        if (connections.isEmpty()) return;
        h.createUpdate("""
                        INSERT INTO presence_connections (connection_id, user_id, node_id)
                        SELECT c, u, :node FROM unnest(CAST(:connections AS text[]), CAST(:users AS bigint[])) AS t(c, u)
                        ON CONFLICT (connection_id) DO NOTHING""")
                .bind("node", nodeId).bindArray("connections", String.class, connections).bindArray("users", Long.class, owners).execute();
    }

    /**
     * Takes the users' transaction locks in ascending key order, so two node-wide rewrites cannot
     * deadlock; the sorted subquery is not flattened, so the locks are taken in its order.
     */
    private static void lockUsers(Handle h, Collection<Long> users) {
        Integer[] keys = users.stream().map(PresenceTables::key).distinct().sorted().toArray(Integer[]::new);
        if (keys.length == 0) return;
        h.createQuery("SELECT count(pg_advisory_xact_lock(:space, k)) FROM (SELECT k FROM unnest(CAST(:keys AS int[])) AS k ORDER BY k) AS sorted")
                .bind("space", USER_LOCKS).bindArray("keys", Integer.class, (Object[]) keys).mapTo(Long.class).one();
    }

    /** Users whose keys collide share a lock: harmless, they only wait for each other. */
    private static int key(long userId) {
        return Long.hashCode(userId);
    }

    private static long count(Handle h, long userId) {
        return h.createQuery("SELECT count(*) FROM presence_connections WHERE user_id = :user").bind("user", userId).mapTo(Long.class).one();
    }

    private static Map<Long, Long> counts(Handle h, Collection<Long> users) {
        return h.createQuery("SELECT user_id, count(*) AS n FROM presence_connections WHERE user_id = ANY(:users) GROUP BY user_id")
                .bindArray("users", Long.class, users)
                .reduceRows(new HashMap<Long, Long>(), (map, row) -> {
                    map.put(row.getColumn("user_id", Long.class), row.getColumn("n", Long.class));
                    return map;
                });
    }
}
