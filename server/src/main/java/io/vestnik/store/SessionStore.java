package io.vestnik.store;

import io.vestnik.domain.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Server-side sessions, one per signed-in device. Refresh tokens are stored only as hashes.
 * Thread-safe; blocking.
 */
public interface SessionStore {

    Session create(long userId, String refreshTokenHash, String userAgent, String ip, Instant now, Instant expiresAt);

    Optional<Session> find(long sessionId);

    /**
     * Swaps a session's refresh token atomically: only one caller presenting {@code oldHash} wins,
     * so a refresh token works once. The session then expires at {@code expiresAt}, but never past
     * its creation plus {@code maxLifetime}; {@code oldHash} is remembered, in the same
     * transaction, for {@link #findRotatedAway}. Empty when the hash is not the session's current
     * one, or its session revoked or expired.
     */
    Optional<Session> rotate(String oldHash, String newHash, Instant now, Instant expiresAt, Duration maxLifetime);

    /** The session a rotation took {@code hash} from, as long as that session is kept; empty otherwise. */
    Optional<Session> findRotatedAway(String hash);

    /** The session whose current refresh token has {@code hash}, whatever its state. */
    Optional<Session> findByRefreshHash(String hash);

    /** A user's sessions that are neither revoked nor expired, newest first. */
    List<Session> listActive(long userId, Instant now);

    /** Revokes the session if it belongs to the user and is active; false otherwise. */
    boolean revoke(long sessionId, long userId, Instant now);

    void touch(long sessionId, Instant now);

    /**
     * Removes up to {@code limit} sessions that expired or were revoked before {@code before}, in
     * one short transaction; returns how many. Active sessions are never touched. Called by the
     * cleanup job with {@code before} a day in the past, so a just-ended session still shows as
     * revoked or expired for a while instead of as unknown.
     */
    int deleteEnded(Instant before, int limit);

    /**
     * Removes up to {@code limit} remembered rotated-away hashes of sessions that ended before
     * {@code before}, in one short transaction; returns how many. {@link #deleteEnded} keeps a
     * session while it has some, so the cleanup job runs this first.
     */
    int deleteRotatedOfEnded(Instant before, int limit);
}
