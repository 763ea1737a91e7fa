package io.vestnik.testing;

import java.util.HashMap;
import java.util.Map;

/**
 * Two nodes sharing a fresh PostgreSQL database, which is also their broker ({@code LISTEN/NOTIFY}):
 * the smallest cluster, for promises that must hold whichever node a call reaches. Each node gets
 * {@code env}, its own node id and the one token secret they share. Closing stops both and drops
 * the database.
 */
public final class TwoNodes implements AutoCloseable {
    private final PostgresDatabase database;
    private final TestNode first;
    private final TestNode second;

    private TwoNodes(PostgresDatabase database, TestNode first, TestNode second) {
        this.database = database;
        this.first = first;
        this.second = second;
    }

    public static TwoNodes start(Map<String, String> env) {
        PostgresDatabase database = PostgresDatabase.create();
        TestNode first = node(database, env, "node-1");
        return new TwoNodes(database, first, node(database, env, "node-2"));
    }

    private static TestNode node(PostgresDatabase database, Map<String, String> env, String nodeId) {
        Map<String, String> all = new HashMap<>(env);
        all.put("VESTNIK_DATABASE_URL", database.url());
        all.put("VESTNIK_BROKER", "postgres");
        all.put("VESTNIK_NODE_ID", nodeId);
        all.putIfAbsent("VESTNIK_JWT_SECRET", "two-nodes-jwt-secret-0123456789-abcdef");
        return TestNode.start(null, all);
    }

    public PostgresDatabase database() {
        return database;
    }

    public TestNode first() {
        return first;
    }

    public TestNode second() {
        return second;
    }

    @Override
    public void close() {
        second.close();
        first.close();
        database.close();
    }
}
