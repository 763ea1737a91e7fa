package io.vestnik.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Saved positions of SSE and long-poll streams (chat id → last seq the stream delivered), so a
 * stream can be resumed on any node from a short cursor. Thread-safe; blocking.
 *
 * <p>Bounded per user: saving the same positions again reuses the user's latest snapshot (polls
 * and streams opened while nothing moved write nothing), and a user keeps only their latest
 * {@link #KEPT_PER_USER}; a cursor naming an older one is refused as expired, and the client
 * starts afresh. The cleanup job removes the rest by age.
 */
public interface SnapshotStore {
    /** Snapshots kept per user: far more than the streams one user can hold open at once. */
    int KEPT_PER_USER = 64;
    /**
     * How old a snapshot may be and still be handed out again: well inside the cleanup's lifetime,
     * so a cursor always has days to live when it is handed out.
     */
    Duration REUSED_WITHIN = Duration.ofDays(1);

    /**
     * Returns the id of the user's latest snapshot when it holds exactly {@code positions} and was
     * saved within {@link #REUSED_WITHIN} of {@code now}; otherwise saves a new one, removing the
     * user's snapshots beyond the latest {@link #KEPT_PER_USER}.
     */
    long save(long userId, Map<Long, Long> positions, Instant now);

    /** The positions saved under {@code id}, if that snapshot exists and belongs to the user. */
    Optional<Map<Long, Long>> find(long id, long userId);

    /** Removes up to {@code limit} snapshots saved before {@code before}; returns how many. */
    int deleteOlderThan(Instant before, int limit);
}
