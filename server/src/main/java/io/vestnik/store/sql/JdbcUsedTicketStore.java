package io.vestnik.store.sql;

import io.vestnik.store.StorageUnavailable;
import io.vestnik.store.UsedTicketStore;
import java.time.Instant;

/**
 * Claims as rows of {@code used_tickets}. {@code ON CONFLICT DO NOTHING} lets the primary key
 * decide without an error: on PostgreSQL a racing second INSERT waits for the first to commit and
 * then inserts nothing; SQLite has one writer at a time.
 */
final class JdbcUsedTicketStore implements UsedTicketStore {
    private final Db db;

    JdbcUsedTicketStore(Db db) {
        this.db = db;
    }

    @Override
    public boolean claim(String nonce, Instant until) {
        try {
            return db.write(h -> h.createUpdate(
                            "INSERT INTO used_tickets (nonce, expires_at) VALUES (:nonce, :until) ON CONFLICT (nonce) DO NOTHING")
                    .bind("nonce", nonce)
                    .bind("until", Rows.millis(until))
                    .execute()) == 1;
        } catch (RuntimeException e) {
            if (StorageUnavailable.causes(e)) throw new Unavailable("storage unavailable", e);
            throw e;
        }
    }

    @Override
    public int deleteExpired(Instant now, int limit) {
        return db.write(h -> h.createUpdate("""
                        DELETE FROM used_tickets WHERE nonce IN (
                            SELECT nonce FROM used_tickets WHERE expires_at < :now LIMIT :limit)""")
                .bind("now", Rows.millis(now))
                .bind("limit", limit)
                .execute());
    }
}
