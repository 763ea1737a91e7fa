package io.vestnik.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Several Vestnik node processes sharing one fresh PostgreSQL database and one secret, as a
 * deployment behind a load balancer would run them. The broker settings come from the caller.
 */
public final class Cluster implements AutoCloseable {
    /** The fresh database on the shared server, dropped on close; null on a caller's own server. */
    private final PostgresDatabase database;
    private final List<NodeProcess> nodes = new ArrayList<>();

    private Cluster(PostgresDatabase database) {
        this.database = database;
    }

    /** On a fresh database of the machine's PostgreSQL server. */
    public static Cluster start(int size, Map<String, String> brokerSettings) {
        PostgresDatabase database = PostgresDatabase.create();
        return start(new Cluster(database), database.url(), size, brokerSettings);
    }

    /** On a database the caller owns, e.g. a {@link PostgresServer} a test restarts. */
    public static Cluster startOn(String databaseUrl, int size, Map<String, String> brokerSettings) {
        return start(new Cluster(null), databaseUrl, size, brokerSettings);
    }

    private static Cluster start(Cluster cluster, String databaseUrl, int size, Map<String, String> brokerSettings) {
        try {
            Map<String, String> env = new HashMap<>(brokerSettings);
            env.put("VESTNIK_DATABASE_URL", databaseUrl);
            env.put("VESTNIK_JWT_SECRET", "cluster-test-secret-0123456789abcdef");
            for (int i = 1; i <= size; i++) cluster.nodes.add(NodeProcess.start("node-" + i, freePort(), env));
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** 0-based. */
    public NodeProcess node(int index) {
        return nodes.get(index);
    }

    public List<NodeProcess> nodes() {
        return nodes;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        nodes.forEach(NodeProcess::close);
        if (database != null) database.close();
    }
}
