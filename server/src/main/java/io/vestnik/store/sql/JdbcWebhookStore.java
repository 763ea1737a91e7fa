package io.vestnik.store.sql;

import io.vestnik.domain.EventType;
import io.vestnik.domain.Webhook;
import io.vestnik.store.WebhookStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.mapper.RowMapper;

/** Webhook endpoints over SQL; {@code events} holds each type between commas (see {@link Outbox#pattern}). */
final class JdbcWebhookStore implements WebhookStore {
    private static final String COLUMNS = "id, url, events, created_at";
    private static final RowMapper<Webhook> WEBHOOK = (rs, ctx) -> new Webhook(rs.getLong("id"), rs.getString("url"),
            Rows.enumSet(rs.getString("events"), EventType.class, EventType::parse), Rows.instant(rs, "created_at"));

    private final Db db;

    JdbcWebhookStore(Db db) {
        this.db = db;
    }

    @Override
    public Webhook create(String url, Set<EventType> events, String secret, Instant now) {
        return db.write(h -> h.createQuery("INSERT INTO webhooks (url, events, secret, created_at)"
                        + " VALUES (:url, :events, :secret, :now) RETURNING " + COLUMNS)
                .bind("url", url)
                .bind("events", events.stream().map(EventType::wire).collect(Collectors.joining(",", ",", ",")))
                .bind("secret", secret)
                .bind("now", Rows.millis(now))
                .map(WEBHOOK)
                .one());
    }

    @Override
    public List<Webhook> list() {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM webhooks ORDER BY id").map(WEBHOOK).list());
    }

    @Override
    public Optional<Webhook> find(long id) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM webhooks WHERE id = :id")
                .bind("id", id)
                .map(WEBHOOK)
                .findOne());
    }

    /** The events go first, explicitly: SQLite enforces the foreign key's cascade only when told to. */
    @Override
    public boolean delete(long id) {
        return db.write(h -> {
            h.createUpdate("DELETE FROM webhook_events WHERE webhook_id = :id").bind("id", id).execute();
            return h.createUpdate("DELETE FROM webhooks WHERE id = :id").bind("id", id).execute() > 0;
        });
    }
}
