package io.vestnik.store;

import io.vestnik.domain.Message;
import java.util.List;
import java.util.Optional;

/**
 * Threads under root messages (decision 0030). Thread-safe; blocking.
 *
 * <p>A reply is an ordinary message of the chat, appended by {@link MessageStore#append} with the
 * chat's next seq; that append also moves the root's summary ({@link Message#thread}) and makes the
 * root's author and the replier participants, all in its transaction. This role reads a thread's
 * replies and keeps each participant's read position in it: a position only moves forward and
 * never past the thread's last reply. A thread's unread count for a participant is the number of
 * live replies from others above that position.
 */
public interface ThreadStore {

    /** Up to {@code limit} replies of the thread of {@code rootSeq} with seq below {@code beforeSeq}, ascending. */
    List<Message> before(long chatId, long rootSeq, long beforeSeq, int limit);

    /** Up to {@code limit} replies of the thread of {@code rootSeq} with seq above {@code afterSeq}, ascending. */
    List<Message> after(long chatId, long rootSeq, long afterSeq, int limit);

    /** A participant's place in a thread: read up to {@code readSeq}, {@code unread} replies from others above it. */
    record Position(long readSeq, long unread) {}

    /**
     * Moves {@code userId}'s read position in the thread of root {@code rootSeq} to {@code seq}
     * (capped at the thread's last reply), making them a participant; a lower {@code seq} moves
     * nothing. Empty when {@code rootSeq} is no root of a thread (no message, or no reply yet).
     */
    Optional<Position> markRead(long chatId, long rootSeq, long userId, long seq);

    /** One thread a user follows: its root (with the summary), where the user has read up to, what is unread. */
    record Followed(Message root, long readSeq, long unread) {}

    /**
     * Up to {@code limit} threads {@code userId} participates in, in chats they are still a member
     * of, latest reply first (ties by chat and root seq); only those with unread replies when
     * {@code unreadOnly}.
     */
    List<Followed> followed(long userId, boolean unreadOnly, int limit);
}
