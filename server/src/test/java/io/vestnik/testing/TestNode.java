package io.vestnik.testing;

import io.vestnik.config.ConfigLoader;
import io.vestnik.node.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real Vestnik node on a random loopback port, on SQLite in a temporary directory or on a fresh
 * PostgreSQL database. Rate limits are off unless a test turns them on. {@link #restart()} keeps
 * the storage, as a process restart would.
 */
public final class TestNode implements AutoCloseable {
    public enum Storage { SQLITE, POSTGRES }

    private final Map<String, String> env = new HashMap<>();
    private final Path dataDir;
    private final PostgresDatabase database;
    private Node node;

    private TestNode(Storage storage, Map<String, String> overrides) {
        try {
            dataDir = Files.createTempDirectory("vestnik-test");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        database = storage == Storage.POSTGRES ? PostgresDatabase.create() : null;
        env.put("VESTNIK_HOST", "127.0.0.1");
        env.put("VESTNIK_PORT", "0");
        env.put("VESTNIK_DATA_DIR", dataDir.toString());
        env.put("VESTNIK_RATE_LIMITS", "off");
        env.put("VESTNIK_NODE_ID", "test-node");
        if (database != null) env.put("VESTNIK_DATABASE_URL", database.url());
        env.putAll(overrides);
        node = start();
    }

    public static TestNode start(Storage storage) {
        return new TestNode(storage, Map.of());
    }

    public static TestNode start(Storage storage, Map<String, String> overrides) {
        return new TestNode(storage, overrides);
    }

    /** A node on a PostgreSQL database the caller owns, e.g. a {@link PostgresServer} the test stops and starts. */
    public static TestNode onPostgres(String databaseUrl) {
        return new TestNode(null, Map.of("VESTNIK_DATABASE_URL", databaseUrl));
    }

    /** A node on a PostgreSQL database the caller owns and shares, e.g. between nodes of different roles. */
    public static TestNode onPostgres(String databaseUrl, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(overrides);
        env.put("VESTNIK_DATABASE_URL", databaseUrl);
        return new TestNode(null, env);
    }

    private Node start() {
        return Node.start(ConfigLoader.load(env).config());
    }

    public void restart() {
        int port = node.port();
        node.close();
        env.put("VESTNIK_PORT", Integer.toString(port));
        node = start();
    }

    public int port() {
        return node.port();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + node.port();
    }

    public String wsUrl() {
        return "ws://127.0.0.1:" + node.port() + "/ws";
    }

    /** The HTTP routes the node registered, as "METHOD /path". */
    public java.util.Set<String> httpRoutes() {
        return node.httpRoutes();
    }

    public int requestsInFlight() {
        return node.requestsInFlight();
    }

    public HttpApi http() {
        return new HttpApi(baseUrl());
    }

    @Override
    public void close() {
        node.close();
        if (database != null) database.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp dir is harmless
        }
    }
}
