package io.vestnik.broker.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LISTEN side: a {@link ConnectionLoop.Session} that keeps its connection listening to exactly
 * the wanted channels and passes each message on (chunks joined, see {@link NotifyChunks}), on the
 * loop's thread, in arrival order. A notification it cannot read is logged and dropped.
 *
 * <p>Callers change the wanted set from any thread; the loop's thread brings the connection in
 * line with it before each wait, so LISTEN and UNLISTEN run on the one thread that owns the
 * connection, and a new connection after a failure listens to everything again by the same path.
 */
final class PgListener implements ConnectionLoop.Session {
    private static final int WAIT_MILLIS = 50;
    private static final Logger log = LoggerFactory.getLogger(PgListener.class);
    private static final Duration SILENCE_CHECK = Duration.ofSeconds(5);

    private final Set<String> wanted = ConcurrentHashMap.newKeySet();
    /** Channels wanted but not yet listened to, completed once LISTEN has run. */
    private final Map<String, CompletableFuture<Void>> confirmations = new ConcurrentHashMap<>();
    private final AtomicBoolean changed = new AtomicBoolean(true);
    private final BiConsumer<String, String> onMessage;
    private final Runnable onRelistened;
    private final AtomicBoolean servedBefore = new AtomicBoolean();

    /**
     * {@code onMessage} gets the channel and the whole message; {@code onRelistened} runs when a
     * new connection after a lost one listens again (what was notified meanwhile is gone).
     */
    PgListener(BiConsumer<String, String> onMessage, Runnable onRelistened) {
        this.onMessage = onMessage;
        this.onRelistened = onRelistened;
    }

    CompletionStage<Void> listen(String channel) {
        if (wanted.contains(channel)) return confirmations.getOrDefault(channel, CompletableFuture.completedFuture(null));
        CompletableFuture<Void> confirmed = confirmations.computeIfAbsent(channel, c -> new CompletableFuture<>());
        if (wanted.add(channel)) changed.set(true);
        return confirmed;
    }

    void unlisten(String channel) {
        if (wanted.remove(channel)) changed.set(true);
        CompletableFuture<Void> unconfirmed = confirmations.remove(channel);
        if (unconfirmed != null) unconfirmed.complete(null);
    }

    @Override
    public void serve(Connection connection) throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        Set<String> listening = new HashSet<>();
        NotifyChunks.Reassembly reassembly = new NotifyChunks.Reassembly();
        changed.set(true);
        boolean relistened = servedBefore.getAndSet(true);
        long lastHeard = System.nanoTime();
        while (!Thread.currentThread().isInterrupted()) {
            if (changed.getAndSet(false)) {
                reconcile(connection, listening);
                if (relistened) {
                    relistened = false;
                    onRelistened.run();
                }
            }
            PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
            if (notifications != null && notifications.length > 0) {
                lastHeard = System.nanoTime();
                for (PGNotification n : notifications) receive(reassembly, n);
            } else if (System.nanoTime() - lastHeard > SILENCE_CHECK.toNanos()) {
                // A connection whose peer vanished without a reset would otherwise wait forever.
                if (!connection.isValid((int) SILENCE_CHECK.toSeconds())) throw new SQLException("listen connection stopped answering");
                lastHeard = System.nanoTime();
            }
        }
    }

    private void receive(NotifyChunks.Reassembly reassembly, PGNotification notification) {
        String message;
        try {
            message = reassembly.accept(notification.getParameter());
        } catch (IllegalArgumentException e) {
            log.warn("dropped a malformed notification on {}: {}", notification.getName(), e.getMessage());
            return;
        }
        if (message != null) onMessage.accept(notification.getName(), message);
    }

    private void reconcile(Connection connection, Set<String> listening) throws SQLException {
        Set<String> target = Set.copyOf(wanted);
        try (Statement statement = connection.createStatement()) {
            for (String channel : target) {
                if (!listening.contains(channel)) statement.addBatch("LISTEN " + PgChannels.quoted(channel));
            }
            for (String channel : listening) {
                if (!target.contains(channel)) statement.addBatch("UNLISTEN " + PgChannels.quoted(channel));
            }
            statement.executeBatch();
        }
        listening.clear();
        listening.addAll(target);
        for (String channel : target) {
            CompletableFuture<Void> confirmed = confirmations.remove(channel);
            if (confirmed != null) confirmed.complete(null);
        }
    }
}
