package io.vestnik.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fresh database on the local PostgreSQL server (bin/test starts it), dropped on close.
 * {@code VESTNIK_TEST_PG_URL} names the server's admin database.
 */
public final class PostgresDatabase implements AutoCloseable {
    private static final String ADMIN_URL = System.getenv().getOrDefault("VESTNIK_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
    private static final Pattern DATABASE = Pattern.compile("(jdbc:postgresql://[^/]+/)([^?]*)(.*)");

    private final String name;
    private final String url;

    private PostgresDatabase(String name, String url) {
        this.name = name;
        this.url = url;
    }

    public static PostgresDatabase create() {
        String name = "vestnik_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Matcher m = DATABASE.matcher(ADMIN_URL);
        if (!m.matches()) throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + ADMIN_URL);
        admin("CREATE DATABASE " + name);
        return new PostgresDatabase(name, m.group(1) + name + m.group(3));
    }

    public String name() {
        return name;
    }

    public String url() {
        return url;
    }

    /** An outage as clients see it: drops every open connection and refuses new ones until {@link #acceptConnections}. */
    public void refuseConnections() {
        admin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
        admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
        // Termination is a signal: until the backends have exited, a pooled connection may still answer.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (backends() > 0) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("backends of " + name + " did not exit");
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private int backends() {
        try (Connection c = DriverManager.getConnection(ADMIN_URL); Statement s = c.createStatement();
             java.sql.ResultSet rows = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + name + "'")) {
            rows.next();
            return rows.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void acceptConnections() {
        admin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
    }

    @Override
    public void close() {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void admin(String sql) {
        try (Connection c = DriverManager.getConnection(ADMIN_URL); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + ADMIN_URL + " refused: " + sql, e);
        }
    }
}
