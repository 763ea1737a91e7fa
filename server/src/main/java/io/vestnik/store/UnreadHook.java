package io.vestnik.store;

import java.time.Instant;

/**
 * The {@code message.unread} webhook event: a member has left a message of someone else unread
 * for a while. Thread-safe; blocking; shared by every node.
 */
public interface UnreadHook {

    /**
     * Writes {@code message.unread} into the webhook outbox for up to {@code limit} members who have
     * a live message of another sender, stored at or before {@code storedBefore}, above both their
     * read position and the last seq the event already covered; returns how many. Each event covers
     * the chat up to its last seq (coalesced: one event per member and run of unread messages) and
     * is written in the transaction that records that, so it fires once, on one node (PostgreSQL
     * skips members another node is announcing). Writes nothing when no endpoint takes the type.
     */
    int announce(Instant storedBefore, Instant now, int limit);
}
