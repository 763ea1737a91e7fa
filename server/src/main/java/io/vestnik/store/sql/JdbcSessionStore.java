package io.vestnik.store.sql;

import io.vestnik.domain.Session;
import io.vestnik.store.SessionStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Sessions over SQL; the refresh-token swap is one conditional UPDATE, so the database decides the race. */
final class JdbcSessionStore implements SessionStore {
    private static final String RETURNING = " RETURNING " + Rows.SESSION_COLUMNS;

    private final Db db;

    JdbcSessionStore(Db db) {
        this.db = db;
    }

    @Override
    public Session create(long userId, String refreshTokenHash, String userAgent, String ip, Instant now, Instant expiresAt) {
        return db.write(h -> h.createQuery("""
                        INSERT INTO sessions (user_id, refresh_hash, created_at, last_seen_at, expires_at, user_agent, ip)
                        VALUES (:user, :hash, :now, :now, :expires, :agent, :ip)""" + RETURNING)
                .bind("user", userId)
                .bind("hash", refreshTokenHash)
                .bind("now", Rows.millis(now))
                .bind("expires", Rows.millis(expiresAt))
                .bind("agent", userAgent)
                .bind("ip", ip)
                .map(Rows.SESSION)
                .one());
    }

    @Override
    public Optional<Session> find(long sessionId) {
        return db.read(h -> h.createQuery("SELECT " + Rows.SESSION_COLUMNS + " FROM sessions WHERE id = :id")
                .bind("id", sessionId)
                .map(Rows.SESSION)
                .findOne());
    }

    @Override
    public Optional<Session> rotate(String oldHash, String newHash, Instant now, Instant expiresAt) {
        return db.write(h -> h.createQuery("""
                        UPDATE sessions SET refresh_hash = :new, expires_at = :expires, last_seen_at = :now
                        WHERE refresh_hash = :old AND revoked_at IS NULL AND expires_at > :now""" + RETURNING)
                .bind("new", newHash)
                .bind("old", oldHash)
                .bind("now", Rows.millis(now))
                .bind("expires", Rows.millis(expiresAt))
                .map(Rows.SESSION)
                .findOne());
    }

    @Override
    public List<Session> listActive(long userId, Instant now) {
        return db.read(h -> h.createQuery("SELECT " + Rows.SESSION_COLUMNS + """
                         FROM sessions
                        WHERE user_id = :user AND revoked_at IS NULL AND expires_at > :now
                        ORDER BY created_at DESC, id DESC""")
                .bind("user", userId)
                .bind("now", Rows.millis(now))
                .map(Rows.SESSION)
                .list());
    }

    @Override
    public boolean revoke(long sessionId, long userId, Instant now) {
        return db.write(h -> h.createUpdate("""
                        UPDATE sessions SET revoked_at = :now
                        WHERE id = :id AND user_id = :user AND revoked_at IS NULL AND expires_at > :now""")
                .bind("now", Rows.millis(now))
                .bind("id", sessionId)
                .bind("user", userId)
                .execute()) == 1;
    }

    @Override
    public void touch(long sessionId, Instant now) {
        db.write(h -> h.createUpdate("UPDATE sessions SET last_seen_at = :now WHERE id = :id")
                .bind("now", Rows.millis(now))
                .bind("id", sessionId)
                .execute());
    }

    @Override
    public int deleteEnded(Instant before, int limit) {
        return db.write(h -> h.createUpdate("""
                        DELETE FROM sessions WHERE id IN (
                            SELECT id FROM sessions WHERE expires_at < :before OR revoked_at < :before LIMIT :limit)""")
                .bind("before", Rows.millis(before))
                .bind("limit", limit)
                .execute());
    }
}
