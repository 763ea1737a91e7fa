package io.vestnik.host;

import io.vestnik.auth.Principal;
import io.vestnik.chat.StreamedMessages;
import io.vestnik.chat.Typing;
import io.vestnik.domain.Message;
import io.vestnik.protocol.Check;

/**
 * A bot's streamed reply from the host application's servers: typing while it thinks, then deltas
 * and the finish of a message started with {@code streaming: true} ({@link HostMessages#send}).
 * The host's key may grow any streaming message. Blocking: call off the event loop.
 */
public final class HostStreams {
    private final StreamedMessages streams;
    private final Typing typing;
    private final HostUsers users;

    public HostStreams(StreamedMessages streams, Typing typing, HostUsers users) {
        this.streams = streams;
        this.typing = typing;
        this.users = users;
    }

    /** {@code POST /api/v1/server/chats/{chat_id}/typing}. */
    public record TypingNotice(String senderExternalId, Boolean isTyping) {}

    /** Shows (or clears) the member's typing indicator, as their own client would; it clears itself if not renewed. */
    public void typing(long chatId, TypingNotice notice) {
        long senderId = users.idOf(Check.present(notice.senderExternalId(), "sender_external_id"));
        typing.update(new Principal(senderId, Principal.NO_SESSION), chatId, Check.present(notice.isTyping(), "is_typing"));
    }

    public void delta(long chatId, long seq, StreamedMessages.Delta delta) {
        streams.delta(chatId, seq, null, delta);
    }

    public Message finish(long chatId, long seq, StreamedMessages.Finish finish) {
        return streams.finish(chatId, seq, null, finish);
    }
}
