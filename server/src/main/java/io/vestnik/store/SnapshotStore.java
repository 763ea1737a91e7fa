package io.vestnik.store;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Saved positions of SSE and long-poll streams (chat id → last seq the stream delivered), so a
 * stream can be resumed on any node from a short cursor. Thread-safe; blocking.
 */
public interface SnapshotStore {

    /** Saves the positions; returns the snapshot's id. */
    long save(long userId, Map<Long, Long> positions, Instant now);

    /** The positions saved under {@code id}, if that snapshot exists and belongs to the user. */
    Optional<Map<Long, Long>> find(long id, long userId);

    /** Removes up to {@code limit} snapshots saved before {@code before}; returns how many. */
    int deleteOlderThan(Instant before, int limit);
}
