package io.vestnik.store;

import io.vestnik.domain.Chat;
import io.vestnik.domain.ChatContext;
import io.vestnik.domain.ChatKind;
import java.time.Instant;
import java.util.List;
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

    Created create(NewChat chat, Instant now);

    Optional<Chat> find(long chatId);

    /** The user's chats, most recent activity first, strictly after {@code after} when given. */
    List<Chat> listForUser(long userId, Cursor after, int limit);

    /** Ids of every chat the user is a member of. */
    List<Long> chatIdsOf(long userId);

    /** Every user who shares at least one chat with the user, the user excluded. */
    List<Long> contactsOf(long userId);

    /** Adds the user; false when already a member. */
    boolean addMember(long chatId, long userId, String role, Instant now);

    /** Removes the user; false when not a member. */
    boolean removeMember(long chatId, long userId);

    /**
     * Moves the member's read position forward to {@code seq} (capped at the chat's last seq);
     * never backwards. Returns the position after the call.
     */
    long markRead(long chatId, long userId, long seq);

    /** Per chat, messages from others above the user's read position; chats with none left out. */
    List<Unread> unread(long userId);
}
