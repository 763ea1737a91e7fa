package io.vestnik.store.sql;

import io.vestnik.domain.EventType;
import io.vestnik.domain.WebhookEvent;
import io.vestnik.store.WebhookQueue;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The outbox over SQL. A claim first reads whether anything is due at all; if so it is one
 * write transaction: pick the due heads of their streams
 * ({@link Dialect#skipLocked}: PostgreSQL skips rows another node is claiming this instant; SQLite
 * has one writer), then lease them to a fresh owner id. Later changes name that owner, so a
 * caller whose lease expired and was taken over cannot undo the new claim.
 */
final class JdbcWebhookQueue implements WebhookQueue {
    private static final String PREFIX = "evt_";
    private static final String COLUMNS = "e.id, e.webhook_id, e.type, e.data, e.created_at, e.attempts, e.last_error, e.dead_at";
    private static final RowMapper<WebhookEvent> EVENT = (rs, ctx) -> event(rs);
    private static final RowMapper<Claimed> CLAIMED = (rs, ctx) -> new Claimed(event(rs), rs.getLong("id"),
            rs.getString("url"), rs.getString("secret"), rs.getString("lease_owner"), Rows.instant(rs, "retry_from"));

    private final Db db;

    JdbcWebhookQueue(Db db) {
        this.db = db;
    }

    @Override
    public List<Claimed> claim(Instant now, Duration lease, int limit) {
        // An idle poll costs a read: on SQLite a write would take the one writer lock from group commit.
        if (!db.read(h -> anyDue(h, now))) return List.of();
        String owner = UUID.randomUUID().toString();
        return db.write(h -> {
            List<Long> ids = due(h, now, limit);
            if (ids.isEmpty()) return List.of();
            h.createUpdate("UPDATE webhook_events SET lease_until = :until, lease_owner = :owner, attempts = attempts + 1"
                            + " WHERE id IN (<ids>)")
                    .bind("until", Rows.millis(now.plus(lease)))
                    .bind("owner", owner)
                    .bindList("ids", ids)
                    .execute();
            return h.createQuery("SELECT " + COLUMNS + ", e.lease_owner, COALESCE(e.replayed_at, e.created_at) AS retry_from,"
                            + " w.url, w.secret FROM webhook_events e JOIN webhooks w ON w.id = e.webhook_id"
                            + " WHERE e.lease_owner = :owner ORDER BY e.id")
                    .bind("owner", owner)
                    .map(CLAIMED)
                    .list();
        });
    }

    /** A live event of {@code e} whose time has come and that nobody holds. */
    private static final String DUE = "e.dead_at IS NULL AND e.next_at <= :now AND e.lease_until <= :now";

    /** Whether any live event is due and unleased; the claim itself then picks which may go. */
    private static boolean anyDue(Handle h, Instant now) {
        return h.createQuery("SELECT 1 FROM webhook_events e WHERE " + DUE + " LIMIT 1")
                .bind("now", Rows.millis(now))
                .mapTo(Integer.class)
                .findOne()
                .isPresent();
    }

    /** Due, unleased events with no earlier live event of their endpoint and stream. */
    private List<Long> due(Handle h, Instant now, int limit) {
        return h.createQuery("SELECT e.id FROM webhook_events e WHERE " + DUE + """
                          AND NOT EXISTS (SELECT 1 FROM webhook_events p WHERE p.webhook_id = e.webhook_id
                                          AND p.stream = e.stream AND p.dead_at IS NULL AND p.id < e.id)
                        ORDER BY e.id LIMIT :limit""" + db.dialect().skipLocked("e"))
                .bind("now", Rows.millis(now))
                .bind("limit", limit)
                .mapTo(Long.class)
                .list();
    }

    @Override
    public long depth() {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM webhook_events WHERE dead_at IS NULL").mapTo(Long.class).one());
    }

    @Override
    public void delivered(long rowId) {
        db.write(h -> h.createUpdate("DELETE FROM webhook_events WHERE id = :id").bind("id", rowId).execute());
    }

    @Override
    public void retryAt(Claimed claimed, Instant nextAt, String error) {
        settle(claimed, "next_at = :at, last_error = :error", nextAt, error);
    }

    @Override
    public void deadLetter(Claimed claimed, Instant now, String error) {
        settle(claimed, "dead_at = :at, last_error = :error", now, error);
    }

    @Override
    public void release(Claimed claimed) {
        settle(claimed, "attempts = attempts - 1", null, null);
    }

    private void settle(Claimed claimed, String set, Instant at, String error) {
        db.write(h -> h.createUpdate("UPDATE webhook_events SET " + set + ", lease_until = 0, lease_owner = NULL"
                        + " WHERE id = :id AND lease_owner = :owner")
                .bind("at", at == null ? null : Rows.millis(at))
                .bind("error", error)
                .bind("id", claimed.rowId())
                .bind("owner", claimed.lease())
                .execute());
    }

    @Override
    public List<WebhookEvent> deadLetters(int limit) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM webhook_events e"
                        + " WHERE e.dead_at IS NOT NULL ORDER BY e.id LIMIT :limit")
                .bind("limit", limit)
                .map(EVENT)
                .list());
    }

    @Override
    public Optional<WebhookEvent> replay(String eventId, Instant now) {
        Optional<Long> rowId = rowId(eventId);
        if (rowId.isEmpty()) return Optional.empty();
        return db.write(h -> {
            int replayed = h.createUpdate("""
                            UPDATE webhook_events SET dead_at = NULL, next_at = :now, replayed_at = :now, attempts = 0,
                                                      lease_until = 0, lease_owner = NULL
                            WHERE id = :id AND dead_at IS NOT NULL""")
                    .bind("now", Rows.millis(now))
                    .bind("id", rowId.get())
                    .execute();
            if (replayed == 0) return Optional.empty();
            return h.createQuery("SELECT " + COLUMNS + " FROM webhook_events e WHERE e.id = :id")
                    .bind("id", rowId.get())
                    .map(EVENT)
                    .findOne();
        });
    }

    private static Optional<Long> rowId(String eventId) {
        if (eventId == null || !eventId.startsWith(PREFIX)) return Optional.empty();
        try {
            return Optional.of(Long.parseLong(eventId.substring(PREFIX.length())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static WebhookEvent event(ResultSet rs) throws SQLException {
        return new WebhookEvent(PREFIX + rs.getLong("id"), rs.getLong("webhook_id"),
                EventType.parse(rs.getString("type")).orElseThrow(), rs.getString("data"), Rows.instant(rs, "created_at"),
                rs.getInt("attempts"), rs.getString("last_error"), Rows.instant(rs, "dead_at"));
    }
}
