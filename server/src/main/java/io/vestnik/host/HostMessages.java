package io.vestnik.host;

import io.vestnik.auth.Principal;
import io.vestnik.chat.ChatService;
import io.vestnik.chat.Check;
import io.vestnik.chat.MessageService;
import io.vestnik.chat.Requests;
import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Problem;
import io.vestnik.store.MessageStore;

/**
 * Messages for the host application's servers: sent as one of the chat's members (a bot or any
 * user) through the user's own send path, so stored before answered, numbered, delivered and
 * de-duplicated by {@code client_id} alike; and deleted by moderation. Blocking: call off the event loop.
 */
public final class HostMessages {
    private final ChatService chats;
    private final MessageService messages;
    private final HostUsers users;

    public HostMessages(ChatService chats, MessageService messages, HostUsers users) {
        this.chats = chats;
        this.messages = messages;
        this.users = users;
    }

    /**
     * {@code POST /api/v1/server/chats/{chat_id}/messages}; fields the user send has beyond these are not taken here.
     * {@code streaming: true} starts a streamed reply (see {@link HostStreams}).
     */
    public record SendMessage(String senderExternalId, String clientId, String body, Long replyToSeq, Boolean streaming) {}

    /**
     * Sends as the member {@code sender_external_id} names. A repeated {@code client_id} of the
     * same sender returns the stored message and creates nothing.
     *
     * @throws Problem not_found for an unknown chat or sender, forbidden when the sender is not a member
     */
    public MessageStore.Appended send(long chatId, SendMessage request) {
        String sender = Check.present(request.senderExternalId(), "sender_external_id");
        long senderId = users.idOf(sender);
        if (!chats.forHost(chatId).hasMember(senderId)) {
            throw Problem.of(ErrorCode.FORBIDDEN, "User '" + sender + "' is not a member of chat " + chatId + "; add them first.");
        }
        var send = new Requests.SendMessage(request.clientId(), request.body(), request.replyToSeq(), null, null);
        Principal asSender = new Principal(senderId, Principal.NO_SESSION);
        return Boolean.TRUE.equals(request.streaming()) ? messages.startStream(asSender, chatId, send)
                : messages.send(asSender, chatId, send, null);
    }

    /** Deletes any message (a tombstone keeps its seq); members get the same {@code message_deleted} as for their own deletes. */
    public void delete(long chatId, long seq) {
        messages.deleteForHost(chatId, seq);
    }
}
