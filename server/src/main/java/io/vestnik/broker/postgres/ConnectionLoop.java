package io.vestnik.broker.postgres;

import io.vestnik.config.PostgresUrl;
import io.vestnik.broker.ThrottledLog;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One dedicated JDBC connection (never from a pool: LISTEN belongs to a session) and the one
 * thread that uses it, since a JDBC connection is not thread-safe. The thread hands the connection
 * to a {@link Session} until the session fails, then reconnects with backoff from 100 ms to 5 s,
 * for as long as the loop is open.
 *
 * <p>The connection carries {@code ApplicationName} so an operator (or a test) can find it in
 * {@code pg_stat_activity}.
 */
final class ConnectionLoop implements AutoCloseable {
    private static final Duration FIRST_DELAY = Duration.ofMillis(100);
    private static final Duration MAX_DELAY = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(ConnectionLoop.class);

    /**
     * Uses the connection until it fails or the thread is interrupted (the loop was closed);
     * called again with a new connection after a failure.
     */
    interface Session {
        void serve(Connection connection) throws SQLException, InterruptedException;
    }

    private final PostgresUrl url;
    private final String applicationName;
    private final Session session;
    private final ThrottledLog failures = new ThrottledLog(log);
    private final Thread thread;
    private volatile boolean open = true;
    private volatile boolean connected;

    ConnectionLoop(PostgresUrl url, String applicationName, Session session) {
        this.url = url;
        this.applicationName = applicationName;
        this.session = session;
        this.thread = Thread.ofPlatform().daemon().name(applicationName).start(this::run);
    }

    boolean connected() {
        return connected;
    }

    private void run() {
        Duration delay = FIRST_DELAY;
        while (open) {
            try (Connection connection = connect()) {
                connected = true;
                delay = FIRST_DELAY;
                session.serve(connection);
            } catch (SQLException e) {
                if (open) failures.warn("PostgreSQL broker connection " + applicationName + " lost", e.getMessage());
            } catch (InterruptedException e) {
                return;
            } finally {
                connected = false;
            }
            if (!sleep(delay)) return;
            delay = delay.multipliedBy(2).compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay.multipliedBy(2);
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = url.credentials();
        properties.setProperty("ApplicationName", applicationName);
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(url.jdbc(), properties);
    }

    private boolean sleep(Duration delay) {
        try {
            Thread.sleep(delay);
            return open;
        } catch (InterruptedException e) {
            return false;
        }
    }

    @Override
    public void close() {
        open = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
