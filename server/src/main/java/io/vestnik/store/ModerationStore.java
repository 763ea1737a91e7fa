package io.vestnik.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Who may not send: a member muted in one chat, a user blocked from sending in every chat; and who
 * may not be in a group: a user banned from it. Each restriction lasts until its end ({@code null}:
 * until lifted). Thread-safe; blocking.
 *
 * <p>These methods only record restrictions; {@link MessageStore#append} enforces them, reading them
 * in the append's own transaction. So a restriction is in force on every node for every append that
 * begins after it returns, and a lifted one for none, with no cache to invalidate. Reading is never
 * restricted.
 */
public interface ModerationStore {

    /**
     * Mutes the member in the chat until {@code until}, replacing a mute already there (longer or
     * shorter), and logs a {@code member_muted} change for the chat's members in the same
     * transaction (see {@link ChangeStore}). Idempotent in effect; each call logs a change.
     *
     * @return false, changing nothing, when the user is not a member of the chat
     */
    boolean mute(long chatId, long userId, Instant until, Instant now);

    /** Lifts the member's mute in the chat, if any, logging {@code member_muted} ({@code muted: false}) when there was one. Idempotent. */
    void unmute(long chatId, long userId, Instant now);

    /** Blocks the user from sending in any chat until {@code until}, replacing a block already there. Idempotent. */
    void block(long userId, Instant until, Instant now);

    /** Lifts the user's block, if any. Idempotent. */
    void unblock(long userId);

    /** A ban in force: {@code until} it ends, null when it lasts until lifted. */
    record Ban(Instant until) {}

    /**
     * Bans the user from the group until {@code until}, replacing a ban already there, and removes
     * them if a member (as {@link ChatStore#removeMember} does: the chat's version moves, an owner's
     * successor is promoted, the removal is a webhook event), all in one transaction: a failure
     * leaves neither the ban nor the removal. The caller tells the chat's connections after it.
     * Idempotent.
     *
     * @return true when the user was a member and is removed
     */
    boolean ban(long chatId, long userId, Instant until, long bannedBy, Instant now);

    /** Lifts the user's ban from the chat, if any. Idempotent. */
    void unban(long chatId, long userId);

    /** The user's ban from the chat in force at {@code now}; empty when there is none or it ended. */
    Optional<Ban> banOf(long chatId, long userId, Instant now);
}
