package io.vestnik.store;

import io.vestnik.domain.Chat;
import io.vestnik.domain.ChatContext;
import io.vestnik.domain.ChatKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chats, their members and members' read positions. Thread-safe; blocking.
 */
public interface ChatStore {

    /**
     * A new chat. {@code uniqueKey} is set for direct and listing chats (the same members and
     * context always give the same key); when a chat with that key exists, it is returned and
     * {@link Created#created()} is false — also when two callers race to create it.
     */
    record NewChat(ChatKind kind, String title, ChatContext context, long ownerId, List<Long> memberIds, String uniqueKey) {}

    record Created(Chat chat, boolean created) {}

    /** One row of a user's chat list, ordered by {@code lastActivityAt} then id, both descending. */
    record Cursor(Instant lastActivityAt, long chatId) {}

    record Unread(long chatId, long count) {}

    /**
     * Creates the chat with {@code ownerId} as "owner" and the other {@code memberIds} as "member"
     * (duplicates ignored), both activity and creation time {@code now}. Members are listed by user id.
     */
    Created create(NewChat chat, Instant now);

    Optional<Chat> find(long chatId);

    /**
     * The chat's change counter: it moves forward in the same transaction as every change to the
     * chat row, its members (read positions included) or its messages, and never otherwise goes
     * back. Equal versions mean nothing a reader of {@link #find} or of the chat's messages could
     * see has changed, which is what lets a cache validate an entry with this one primary-key
     * lookup. -1 for an unknown chat.
     */
    long version(long chatId);

    /** The user's chats, most recent activity first, strictly after {@code after} when given. */
    List<Chat> listForUser(long userId, Cursor after, int limit);

    /**
     * Whether the user is a member of the chat; false for an unknown chat. One indexed lookup,
     * cheap enough for every typing notice and read receipt.
     */
    boolean isMember(long chatId, long userId);

    /** Ids of every chat the user is a member of. */
    List<Long> chatIdsOf(long userId);

    /** Where every chat the user is a member of stands, by chat id. */
    java.util.Map<Long, Position> positions(long userId);

    /**
     * A chat as one member's stream sees it: its last seq when the member joined (nothing before
     * it is the member's to be sent live), and its last seq now.
     */
    record Position(long joinedSeq, long lastSeq) {}

    /** Every user who shares at least one chat with the user, the user excluded. */
    List<Long> contactsOf(long userId);

    /** Adds the user with {@code role} ({@link io.vestnik.domain.Member#MEMBER} or OWNER); false when already a member. */
    boolean addMember(long chatId, long userId, String role, Instant now);

    /** Removes the user; false when not a member. */
    boolean removeMember(long chatId, long userId);

    /**
     * Gives a member {@code role} ({@link io.vestnik.domain.Member#ADMIN} or MEMBER, never OWNER: see
     * {@link #transferOwnership}); moves the chat's version. Idempotent.
     *
     * @return false, changing nothing, when the user is not a member or is the owner
     */
    boolean setRole(long chatId, long userId, String role);

    /**
     * In one transaction: {@code newOwnerId} becomes the owner and {@code ownerId} an admin; moves
     * the chat's version.
     *
     * @return false, changing nothing, unless {@code ownerId} is the owner and {@code newOwnerId} another member
     */
    boolean transferOwnership(long chatId, long ownerId, long newOwnerId);

    /** Sets the chat's slow mode (seconds between a plain member's messages; 0 turns it off); moves its version. Idempotent. */
    void setSlowMode(long chatId, int seconds);

    /**
     * Moves the member's read position forward to {@code seq} (capped at the chat's last seq);
     * never backwards. Returns the position after the call; 0 when the user is not a member.
     */
    long markRead(long chatId, long userId, long seq);

    /** A member's devices have received the chat up to {@code seq}. */
    record Delivered(long chatId, long userId, long seq) {}

    /**
     * Moves how far each member's devices have received each direct or listing chat forward to its
     * seq — never backwards, never past the chat's last seq — all in one transaction; returns the
     * positions that moved. Group positions are not kept: "delivered" is a tick between two people,
     * and in a group every message would rewrite every member's row. Not part of a cached chat, so
     * it does not change versions.
     */
    List<Delivered> markDelivered(java.util.Collection<Delivered> positions);

    /** Per chat, messages from others above the user's read position; chats with none left out. */
    List<Unread> unread(long userId);
}
