package io.vestnik.chat;

import io.vestnik.domain.Chat;
import io.vestnik.domain.ChatContext;
import io.vestnik.domain.ChatKind;
import io.vestnik.domain.Member;
import io.vestnik.domain.Message;
import java.time.Instant;
import java.util.List;

/**
 * A chat as one reader sees it. {@code unreadCount} is that reader's; in a {@code chat_updated}
 * event, which every member receives as the same frame, it is null and clients keep their own.
 */
public record ChatView(
        long id,
        ChatKind kind,
        String title,
        ChatContext context,
        List<Member> members,
        long lastSeq,
        Instant createdAt,
        Instant lastActivityAt,
        Message lastMessage,
        Long unreadCount,
        int slowModeSeconds) {

    public static ChatView of(Chat chat, Message lastMessage, Long unreadCount) {
        return new ChatView(chat.id(), chat.kind(), chat.title(), chat.context(), chat.members(), chat.lastSeq(),
                chat.createdAt(), chat.lastActivityAt(), lastMessage, unreadCount, chat.slowModeSeconds());
    }
}
