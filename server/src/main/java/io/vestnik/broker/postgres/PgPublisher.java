package io.vestnik.broker.postgres;

import io.vestnik.broker.ThrottledLog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NOTIFY side: a {@link ConnectionLoop.Session} that sends queued notifications, in queue
 * order, so publishing never waits for PostgreSQL. What cannot be sent soon is dropped (and
 * logged), not replayed late: a full queue refuses new notifications, and one that waited longer
 * than {@link #MAX_WAIT} (PostgreSQL was unreachable) is discarded. Clients close such gaps from
 * storage.
 */
final class PgPublisher implements ConnectionLoop.Session {
    private static final int QUEUE_CAPACITY = 10_000;
    static final Duration MAX_WAIT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(PgPublisher.class);

    /** One message: a single payload, or the chunks of one, sent in one transaction. */
    record Notification(String channel, List<String> payloads, long queuedAtNanos) {
        Notification(String channel, List<String> payloads) {
            this(channel, payloads, System.nanoTime());
        }
    }

    private final BlockingQueue<Notification> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final ThrottledLog drops = new ThrottledLog(log);

    void offer(Notification notification) {
        if (!queue.offer(notification)) drops.warn("PostgreSQL broker queue full, dropped a message for", notification.channel());
    }

    @Override
    public void serve(Connection connection) throws SQLException, InterruptedException {
        try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
            while (true) {
                Notification next = queue.take();
                if (System.nanoTime() - next.queuedAtNanos() > MAX_WAIT.toNanos()) {
                    drops.warn("PostgreSQL broker dropped a message that waited too long for", next.channel());
                } else {
                    send(connection, notify, next);
                }
            }
        }
    }

    private static void send(Connection connection, PreparedStatement notify, Notification notification) throws SQLException {
        boolean chunked = notification.payloads().size() > 1;
        if (chunked) connection.setAutoCommit(false);
        for (String payload : notification.payloads()) {
            notify.setString(1, notification.channel());
            notify.setString(2, payload);
            notify.execute();
        }
        if (chunked) {
            connection.commit();
            connection.setAutoCommit(true);
        }
    }
}
