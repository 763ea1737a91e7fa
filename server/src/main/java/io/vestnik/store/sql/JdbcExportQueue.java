package io.vestnik.store.sql;

import io.vestnik.domain.EventType;
import io.vestnik.domain.ExportEvent;
import io.vestnik.store.ExportQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The export outbox over SQL. The lease is one conditional update of the target's row, so it holds
 * on PostgreSQL across nodes and on SQLite's single writer alike; rows are read in id order and
 * deleted once exported.
 */
final class JdbcExportQueue implements ExportQueue {
    private final Db db;

    JdbcExportQueue(Db db) {
        this.db = db;
    }

    @Override
    public void register(String target, Instant now) {
        db.write(h -> h.createUpdate("INSERT INTO export_targets (name, created_at) VALUES (:name, :now) ON CONFLICT (name) DO NOTHING")
                .bind("name", target)
                .bind("now", Rows.millis(now))
                .execute());
    }

    @Override
    public boolean lease(String target, String owner, Instant now, Duration lease) {
        return db.write(h -> h.createUpdate("""
                        UPDATE export_targets SET lease_owner = :owner, lease_until = :until
                        WHERE name = :name AND (lease_owner IS NULL OR lease_owner = :owner OR lease_until <= :now)""")
                .bind("owner", owner)
                .bind("until", Rows.millis(now.plus(lease)))
                .bind("name", target)
                .bind("now", Rows.millis(now))
                .execute()) == 1;
    }

    @Override
    public void release(String target, String owner) {
        db.write(h -> h.createUpdate("UPDATE export_targets SET lease_owner = NULL, lease_until = 0 WHERE name = :name AND lease_owner = :owner")
                .bind("name", target)
                .bind("owner", owner)
                .execute());
    }

    @Override
    public List<ExportEvent> pending(String target, int limit) {
        return db.read(h -> h.createQuery("""
                        SELECT id, type, stream, data, created_at FROM export_events
                        WHERE target = :target ORDER BY id LIMIT :limit""")
                .bind("target", target)
                .bind("limit", limit)
                .map((rs, ctx) -> new ExportEvent(rs.getLong("id"), EventType.parse(rs.getString("type")).orElseThrow(),
                        rs.getString("stream"), rs.getString("data"), Rows.instant(rs, "created_at")))
                .list());
    }

    @Override
    public void exported(String target, Collection<Long> rowIds) {
        if (rowIds.isEmpty()) return;
        db.write(h -> h.createUpdate("DELETE FROM export_events WHERE target = :target AND id IN (<ids>)")
                .bind("target", target)
                .bindList("ids", List.copyOf(rowIds))
                .execute());
    }

    @Override
    public Backlog backlog(String target) {
        return db.read(h -> h.createQuery("SELECT COUNT(*) AS events, MIN(created_at) AS oldest FROM export_events WHERE target = :target")
                .bind("target", target)
                .map((rs, ctx) -> new Backlog(rs.getLong("events"), Rows.instant(rs, "oldest")))
                .one());
    }
}
