package io.vestnik.host;

import io.vestnik.auth.Principal;
import io.vestnik.chat.ChatService;
import io.vestnik.chat.MessageService;
import io.vestnik.chat.Requests;
import io.vestnik.domain.MessageRef;
import io.vestnik.protocol.Check;
import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Problem;
import io.vestnik.store.MessageStore;
import java.util.List;

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
     * {@code POST /api/v1/server/chats/{chat_id}/messages}: the user send's fields, with the sender
     * named. Attachments are files uploaded for the sender ({@code POST /api/v1/server/attachments});
     * a forward's original must be in a chat the sender is a member of. {@code streaming: true}
     * starts a streamed reply (see {@link HostStreams}); {@code thread_root_seq} and
     * {@code shown_in_chat} make it a reply in a thread, as for a user's send.
     */
    public record SendMessage(String senderExternalId, String clientId, String body, Long replyToSeq, List<Long> attachmentIds,
                              MessageRef forward, Boolean streaming, Long threadRootSeq, Boolean shownInChat) {}

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
        var send = new Requests.SendMessage(request.clientId(), request.body(), request.replyToSeq(), request.attachmentIds(),
                request.forward(), request.threadRootSeq(), request.shownInChat());
        Principal asSender = new Principal(senderId, Principal.NO_SESSION);
        return Boolean.TRUE.equals(request.streaming()) ? messages.startStream(asSender, chatId, send)
                : messages.send(asSender, chatId, send, null);
    }

    /** Deletes any message (a tombstone keeps its seq); members get the same {@code message_deleted} as for their own deletes. */
    public void delete(long chatId, long seq) {
        messages.deleteForHost(chatId, seq);
    }
}
