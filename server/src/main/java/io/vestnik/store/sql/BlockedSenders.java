package io.vestnik.store.sql;

/**
 * The condition that leaves a message out of its reader's unread counts when the reader blocks its
 * sender, as every feed and history leave it out of what the reader is shown (decision 0032).
 * Evaluated when counting, not kept in a counter at append time: an append stays the same few
 * statements whoever blocks whom, and a user without blocks costs one index probe that finds nothing.
 */
final class BlockedSenders {
    private BlockedSenders() {}

    /**
     * A condition to {@code AND} to a query over messages, spaces around it: true unless
     * {@code reader} blocks {@code sender} (two SQL expressions). One primary-key probe.
     */
    static String notBlockedBy(String reader, String sender) {
        return " NOT EXISTS (SELECT 1 FROM user_blocks b WHERE b.blocker_id = " + reader + " AND b.blocked_id = " + sender + ") ";
    }
}
