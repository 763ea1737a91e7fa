package io.vestnik.store.sql;

import io.vestnik.domain.EventType;
import io.vestnik.domain.Notification;
import io.vestnik.store.NotificationStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Notifications over SQL. The user's counter row is bumped by the insert's own transaction: the
 * row lock orders concurrent adds for one user, so seqs are gap-free on any number of nodes.
 */
final class JdbcNotificationStore implements NotificationStore {
    private static final String SELECT = """
            SELECT n.id, n.seq, n.kind, n.title, n.body, n.data, n.created_at, n.seq <= c.read_seq AS is_read
              FROM notifications n JOIN notification_counters c ON c.user_id = n.user_id""";
    private static final RowMapper<Notification> NOTIFICATION = (rs, ctx) -> new Notification(rs.getLong("id"),
            rs.getLong("seq"), rs.getString("kind"), rs.getString("title"), rs.getString("body"), rs.getString("data"),
            Rows.instant(rs, "created_at"), rs.getBoolean("is_read"));

    private final Db db;

    JdbcNotificationStore(Db db) {
        this.db = db;
    }

    @Override
    public Added add(Draft draft, Instant now) {
        try {
            return db.write(h -> existing(h, draft).map(found -> new Added(found, false))
                    .orElseGet(() -> new Added(insert(h, draft, now), true)));
        } catch (RuntimeException raced) {
            // A concurrent add with the same client id committed first: answer with its notification.
            return db.read(h -> existing(h, draft)).map(found -> new Added(found, false)).orElseThrow(() -> raced);
        }
    }

    private static Optional<Notification> existing(Handle h, Draft draft) {
        if (draft.clientId() == null) return Optional.empty();
        return h.createQuery(SELECT + " WHERE n.user_id = :user AND n.client_id = :client")
                .bind("user", draft.userId())
                .bind("client", draft.clientId())
                .map(NOTIFICATION)
                .findOne();
    }

    private static Notification insert(Handle h, Draft draft, Instant now) {
        long seq = h.createQuery("""
                        INSERT INTO notification_counters (user_id, last_seq) VALUES (:user, 1)
                        ON CONFLICT (user_id) DO UPDATE SET last_seq = notification_counters.last_seq + 1
                        RETURNING last_seq""")
                .bind("user", draft.userId())
                .mapTo(Long.class)
                .one();
        long id = h.createQuery("""
                        INSERT INTO notifications (user_id, seq, client_id, kind, title, body, data, created_at)
                        VALUES (:user, :seq, :client, :kind, :title, :body, :data, :now) RETURNING id""")
                .bind("user", draft.userId())
                .bind("seq", seq)
                .bind("client", draft.clientId())
                .bind("kind", draft.kind())
                .bind("title", draft.title())
                .bind("body", draft.body())
                .bind("data", draft.data())
                .bind("now", Rows.millis(now))
                .mapTo(Long.class)
                .one();
        Notification created = new Notification(id, seq, draft.kind(), draft.title(), draft.body(), draft.data(),
                Instant.ofEpochMilli(Rows.millis(now)), false);
        announce(h, draft.userId(), created, now);
        return created;
    }

    /** {@code notification.created} in the same transaction, after the counter row's lock: in seq order per user. */
    private static void announce(Handle h, long userId, Notification notification, Instant now) {
        if (!Outbox.subscribed(h, EventType.NOTIFICATION_CREATED)) return;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("recipient", Outbox.person(h, userId));
        data.put("notification", notification);
        Outbox.record(h, EventType.NOTIFICATION_CREATED, Outbox.user(userId), data, now);
    }

    @Override
    public List<Notification> after(long userId, long afterSeq, int limit) {
        return db.read(h -> h.createQuery(SELECT + " WHERE n.user_id = :user AND n.seq > :after ORDER BY n.seq LIMIT :limit")
                .bind("user", userId)
                .bind("after", afterSeq)
                .bind("limit", limit)
                .map(NOTIFICATION)
                .list());
    }

    @Override
    public long lastSeq(long userId) {
        return counter(userId, "last_seq");
    }

    @Override
    public long unread(long userId) {
        return counter(userId, "last_seq - read_seq");
    }

    private long counter(long userId, String expression) {
        return db.read(h -> h.createQuery("SELECT " + expression + " FROM notification_counters WHERE user_id = :user")
                .bind("user", userId)
                .mapTo(Long.class)
                .findOne()
                .orElse(0L));
    }

    @Override
    public long markRead(long userId, long upToSeq) {
        return db.write(h -> {
            h.createUpdate("""
                            UPDATE notification_counters SET read_seq = CASE
                                WHEN :upTo > last_seq THEN last_seq ELSE :upTo END
                             WHERE user_id = :user AND read_seq < :upTo""")
                    .bind("user", userId)
                    .bind("upTo", upToSeq)
                    .execute();
            return h.createQuery("SELECT read_seq FROM notification_counters WHERE user_id = :user")
                    .bind("user", userId)
                    .mapTo(Long.class)
                    .findOne()
                    .orElse(0L);
        });
    }
}
