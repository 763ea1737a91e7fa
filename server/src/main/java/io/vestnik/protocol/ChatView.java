package io.vestnik.protocol;

import io.vestnik.domain.Chat;
import io.vestnik.domain.ChatContext;
import io.vestnik.domain.ChatKind;
import io.vestnik.domain.Member;
import io.vestnik.domain.Message;
import io.vestnik.store.ChatStore.MemberState;
import java.time.Instant;
import java.util.List;

/**
 * A chat as one reader sees it. {@code unreadCount} and the reader's own state ({@code archived},
 * {@code muted}, {@code mutedUntil}, {@code markedUnread}) are that reader's; in a
 * {@code chat_updated} event, which every member receives as the same frame, they are null and
 * clients keep their own. A chat marked unread counts at least one unread message.
 */
public record ChatView(
        long id,
        ChatKind kind,
        String title,
        String description,
        String avatarUrl,
        ChatContext context,
        List<Member> members,
        long lastSeq,
        Instant createdAt,
        Instant lastActivityAt,
        Message lastMessage,
        Long unreadCount,
        int slowModeSeconds,
        Boolean archived,
        Boolean muted,
        Instant mutedUntil,
        Boolean markedUnread) {

    /** As every member sees it: no reader's unread count or state. */
    public static ChatView of(Chat chat, Message lastMessage, Long unreadCount) {
        return new ChatView(chat.id(), chat.kind(), chat.title(), chat.description(), chat.avatarUrl(), chat.context(),
                chat.members(), chat.lastSeq(), chat.createdAt(), chat.lastActivityAt(), lastMessage, unreadCount,
                chat.slowModeSeconds(), null, null, null, null);
    }

    /** As one reader sees it, with their unread count and their state of the chat at {@code now}. */
    public static ChatView forReader(Chat chat, Message lastMessage, long unread, MemberState state, Instant now) {
        boolean muted = isMuted(state, now);
        return new ChatView(chat.id(), chat.kind(), chat.title(), chat.description(), chat.avatarUrl(), chat.context(),
                chat.members(), chat.lastSeq(), chat.createdAt(), chat.lastActivityAt(), lastMessage,
                state.markedUnread() ? Math.max(unread, 1) : unread, chat.slowModeSeconds(),
                state.archived(), muted, muted ? state.mutedUntil() : null, state.markedUnread());
    }

    public static boolean isMuted(MemberState state, Instant now) {
        return state.muted() && (state.mutedUntil() == null || state.mutedUntil().isAfter(now));
    }
}
