package io.vestnik.chat;

import io.vestnik.domain.ChatContext;
import io.vestnik.domain.MessageRef;
import java.util.List;

/** Bodies of chat-domain requests, shared by HTTP and WebSocket. Boxed fields: missing is not zero. */
public final class Requests {
    private Requests() {}

    public record CreateChat(String kind, String title, List<Long> memberIds, ChatContext context) {}

    /** {@code threadRootSeq}: a reply in that message's thread; {@code shownInChat}: also in the chat's own history. */
    public record SendMessage(String clientId, String body, Long replyToSeq, List<Long> attachmentIds, MessageRef forward,
                              Long threadRootSeq, Boolean shownInChat) {

        /** A message outside any thread. */
        public SendMessage(String clientId, String body, Long replyToSeq, List<Long> attachmentIds, MessageRef forward) {
            this(clientId, body, replyToSeq, attachmentIds, forward, null, null);
        }
    }

    public record EditMessage(String body) {}

    /** {@code POST /chats/{id}/members}, and {@code POST /blocks}: one user by id. */
    public record AddMember(Long userId) {}

    /** {@code POST /chats/{id}/typing}: the WebSocket's {@code typing} frame for clients on SSE or polling. */
    public record TypingNotice(Boolean isTyping) {}

    public record Position(Long seq) {}

    /** The body of a mute, block or ban: when it ends; absent (null) for until lifted. */
    public record Restrict(java.time.Instant until) {}

    /** {@code PATCH /chats/{id}}: null leaves a field as it is; an empty description or avatar_url removes it. */
    public record ChatProfile(String title, String description, String avatarUrl) {}

    /** {@code PATCH /chats/{id}/state}: the caller's own state of the chat; null leaves a field as it is. */
    public record ChatState(Boolean archived, Boolean muted, java.time.Instant mutedUntil, Boolean markedUnread) {}
}
