package io.vestnik.chat;

import io.vestnik.domain.ChatContext;
import io.vestnik.domain.MessageRef;
import java.util.List;

/** Bodies of chat-domain requests, shared by HTTP and WebSocket. Boxed fields: missing is not zero. */
public final class Requests {
    private Requests() {}

    public record CreateChat(String kind, String title, List<Long> memberIds, ChatContext context) {}

    public record SendMessage(String clientId, String body, Long replyToSeq, List<Long> attachmentIds, MessageRef forward) {}

    public record EditMessage(String body) {}

    public record AddMember(Long userId) {}

    /** {@code POST /chats/{id}/typing}: the WebSocket's {@code typing} frame for clients on SSE or polling. */
    public record TypingNotice(Boolean isTyping) {}

    public record Position(Long seq) {}

    /** The body of a mute, block or ban: when it ends; absent (null) for until lifted. */
    public record Restrict(java.time.Instant until) {}
}
