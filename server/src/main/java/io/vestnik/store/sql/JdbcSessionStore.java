package io.vestnik.store.sql;

import io.vestnik.domain.Session;
import io.vestnik.store.SessionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Sessions over SQL; the refresh-token swap is one conditional UPDATE, so the database decides the
 * race, and the hash it replaces is remembered in the same transaction.
 */
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
        return findWhere("id = :key", sessionId);
    }

    @Override
    public Optional<Session> rotate(String oldHash, String newHash, Instant now, Instant expiresAt, Duration maxLifetime) {
        return db.write(h -> {
            Optional<Session> rotated = h.createQuery("""
                            UPDATE sessions SET refresh_hash = :new, last_seen_at = :now,
                                expires_at = CASE WHEN :expires < created_at + :max THEN :expires ELSE created_at + :max END
                            WHERE refresh_hash = :old AND revoked_at IS NULL AND expires_at > :now""" + RETURNING)
                    .bind("new", newHash)
                    .bind("old", oldHash)
                    .bind("now", Rows.millis(now))
                    .bind("expires", Rows.millis(expiresAt))
                    .bind("max", maxLifetime.toMillis())
                    .map(Rows.SESSION)
                    .findOne();
            rotated.ifPresent(session -> h.createUpdate("""
                            INSERT INTO rotated_refresh_tokens (refresh_hash, session_id, rotated_at) VALUES (:hash, :session, :now)""")
                    .bind("hash", oldHash)
                    .bind("session", session.id())
                    .bind("now", Rows.millis(now))
                    .execute());
            return rotated;
        });
    }

    @Override
    public Optional<Session> findRotatedAway(String hash) {
        return findWhere("id = (SELECT session_id FROM rotated_refresh_tokens WHERE refresh_hash = :key)", hash);
    }

    @Override
    public Optional<Session> findByRefreshHash(String hash) {
        return findWhere("refresh_hash = :key", hash);
    }

    /** The one session {@code condition} (naming its parameter {@code :key}) picks. */
    private Optional<Session> findWhere(String condition, Object key) {
        return db.read(h -> h.createQuery("SELECT " + Rows.SESSION_COLUMNS + " FROM sessions WHERE " + condition)
                .bind("key", key)
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
                            SELECT id FROM sessions s WHERE (expires_at < :before OR revoked_at < :before)
                                AND NOT EXISTS (SELECT 1 FROM rotated_refresh_tokens r WHERE r.session_id = s.id)
                            LIMIT :limit)""")
                .bind("before", Rows.millis(before))
                .bind("limit", limit)
                .execute());
    }

    @Override
    public int deleteRotatedOfEnded(Instant before, int limit) {
        return db.write(h -> h.createUpdate("""
                        DELETE FROM rotated_refresh_tokens WHERE refresh_hash IN (
                            SELECT r.refresh_hash FROM rotated_refresh_tokens r JOIN sessions s ON s.id = r.session_id
                            WHERE s.expires_at < :before OR s.revoked_at < :before LIMIT :limit)""")
                .bind("before", Rows.millis(before))
                .bind("limit", limit)
                .execute());
    }
}
