package io.vestnik.store;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * User-to-user blocks: a blocker no longer receives the blocked user's messages, neither sees the
 * other's presence, and no direct chat opens between them (see decision 0032). Not to be confused
 * with {@link ModerationStore#block}, an administrator's ban from sending. Thread-safe; blocking.
 *
 * <p>A change is durable when the call returns; the caller then tells every node (the gateway's
 * connections hold each user's {@link Relations}), so a block is in force on every connection
 * once that instruction arrives, and for every new connection at once.
 */
public interface UserBlockStore {

    /** One user the blocker blocks, and since when. */
    record Block(long userId, Instant createdAt) {}

    /** Whom a user blocks, and who blocks them. Both usually empty. */
    record Relations(Set<Long> blocked, Set<Long> blockedBy) {
        public static final Relations NONE = new Relations(Set.of(), Set.of());

        public boolean isEmpty() {
            return blocked.isEmpty() && blockedBy.isEmpty();
        }
    }

    /** Blocks {@code blockedId}; idempotent. True when the block is new. The caller checks both users exist and differ. */
    boolean block(long blockerId, long blockedId, Instant now);

    /** Lifts a block; idempotent. True when there was one. */
    boolean unblock(long blockerId, long blockedId);

    /** Whom the blocker blocks, most recent first. */
    List<Block> blocksOf(long blockerId);

    /** The user's relations, both directions, in one read. */
    Relations relations(long userId);

    /** True when either user blocks the other. One indexed lookup. */
    boolean eitherBlocks(long userA, long userB);
}
