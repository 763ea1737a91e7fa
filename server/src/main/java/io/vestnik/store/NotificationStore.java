package io.vestnik.store;

import io.vestnik.domain.Notification;
import java.time.Instant;
import java.util.List;

/**
 * Each user's notifications: a durable, numbered stream per user, like a chat's messages.
 * Thread-safe; blocking.
 */
public interface NotificationStore {

    /** What the host sent, checked already; {@code clientId} may be null (no de-duplication). */
    record Draft(long userId, String clientId, String kind, String title, String body, String data) {}

    /** The stored notification; {@code created} is false when the user already had one with the same client id. */
    record Added(Notification notification, boolean created) {}

    /**
     * Stores the notification as the user's next seq, the counter and the row in one transaction,
     * so seqs stay 1, 2, 3, … without gaps however many nodes add at once. A repeated non-null
     * {@code clientId} for the same user returns the first notification and stores nothing.
     */
    Added add(Draft draft, Instant now);

    /** Up to {@code limit} of the user's notifications after {@code afterSeq}, in seq order. */
    List<Notification> after(long userId, long afterSeq, int limit);

    /** The user's highest seq; 0 before their first notification. */
    long lastSeq(long userId);

    /** How many of the user's notifications are not read. */
    long unread(long userId);

    /**
     * Marks every notification up to {@code upToSeq} read (never past the last one); the read
     * position only moves forward. Returns the read position after the call.
     */
    long markRead(long userId, long upToSeq);
}
