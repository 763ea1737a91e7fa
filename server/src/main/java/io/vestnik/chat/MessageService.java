package io.vestnik.chat;

import io.vestnik.auth.Principal;
import io.vestnik.domain.Chat;
import io.vestnik.domain.ChatKind;
import io.vestnik.domain.Member;
import io.vestnik.domain.Message;
import io.vestnik.domain.MessageRef;
import io.vestnik.domain.MessageState;
import io.vestnik.metrics.Metrics;
import io.vestnik.protocol.Check;
import io.vestnik.protocol.ErrorCode;
import io.vestnik.protocol.Problem;
import io.vestnik.protocol.ServerEvent;
import io.vestnik.store.MessageStore;
import java.time.Clock;
import java.util.List;

/**
 * Sending, reading, editing and deleting messages. Blocking (call off the event loop). A send
 * returns only after the message is committed; then it is published to every member.
 */
public final class MessageService {
    public static final int MAX_BODY_CHARS = 16_000;
    static final int MAX_CLIENT_ID_CHARS = 64;
    static final int MAX_ATTACHMENTS = 10;

    private final ChatService chats;
    private final MessageStore messages;
    private final Events events;
    private final Attachments attachments;
    private final Reactions reactions;
    private final Deliveries deliveries;
    private final Metrics metrics;
    private final Clock clock;
    private final QueueOrder publishOrder = new QueueOrder();

    public MessageService(ChatService chats, MessageStore messages, Events events, Attachments attachments,
                          Reactions reactions, Deliveries deliveries, Metrics metrics, Clock clock) {
        this.chats = chats;
        this.messages = messages;
        this.events = events;
        this.attachments = attachments;
        this.reactions = reactions;
        this.deliveries = deliveries;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * A page of history. {@code hiddenSeqs}: seqs in the page's range whose messages are left out
     * because the reader blocks their sender (decision 0032), so a client pages and tracks
     * positions past them; usually empty.
     */
    public record History(List<Message> messages, boolean hasMore, List<Long> hiddenSeqs) {}

    /**
     * Stores and publishes the message. {@code connectionId} is the sending socket, which gets an
     * ack instead of the broadcast; null over HTTP. A repeated client_id returns the stored message
     * and publishes nothing again.
     */
    public MessageStore.Appended send(Principal caller, long chatId, Requests.SendMessage request, String connectionId) {
        return joined(sendQueued(caller, chatId, request, connectionId));
    }

    private static MessageStore.Appended joined(java.util.concurrent.CompletableFuture<MessageStore.Appended> append) {
        try {
            return append.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) throw failure;
            throw e;
        }
    }

    /**
     * {@link #send} without waiting for the commit: validates (blocking), queues the append and
     * returns; the future completes once the message is stored and published (or fails with the
     * {@link Problem} or storage failure). A chat's sends are stored in the order queued, and
     * published in that order, the order of their seqs.
     */
    public java.util.concurrent.CompletableFuture<MessageStore.Appended> sendQueued(Principal caller, long chatId,
                                                                                     Requests.SendMessage request, String connectionId) {
        return queued(validated(caller, chatId, request, false), connectionId);
    }

    /**
     * {@link #send} of a message that starts {@code streaming}: stored and published at once with
     * the body so far (which may be empty); it grows through {@link StreamedMessages}.
     */
    public MessageStore.Appended startStream(Principal caller, long chatId, Requests.SendMessage request) {
        return joined(queued(validated(caller, chatId, request, true), null));
    }

    private java.util.concurrent.CompletableFuture<MessageStore.Appended> queued(MessageStore.NewMessage message,
                                                                                  String connectionId) {
        return publishOrder.append(message.chatId(), () -> messages.appendQueued(message), (appended, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
                if (cause instanceof MessageStore.Refused refused) throw refusal(refused);
                throw cause instanceof RuntimeException runtime ? runtime : new java.util.concurrent.CompletionException(cause);
            }
            Message signed = attachments.signed(appended.message());
            if (appended.created()) {
                metrics.messageSent();
                events.newMessage(signed, connectionId); // new: no reactions yet, the same for every reader
                // A reply's thread_updated comes from the chat's change log (see Changes).
                return appended.withMessage(signed);
            }
            return appended.withMessage(reactions.attached(signed).seenBy(message.senderId()));
        });
    }

    /**
     * The chat's own history: the messages {@link Message#shownInChat shown in it}, thread-only
     * replies left out; every message when {@code threadReplies} (a client catching up on the
     * chat's whole stream, as resume would).
     */
    public History history(Principal caller, long chatId, Long beforeSeq, Long afterSeq, int limit, boolean threadReplies) {
        chats.requireMember(caller, chatId);
        SeqPages.Page page = threadReplies
                ? SeqPages.of(beforeSeq, afterSeq, limit, (seq, n) -> messages.before(chatId, seq, n),
                        (seq, n) -> messages.after(chatId, seq, n))
                : SeqPages.of(beforeSeq, afterSeq, limit, (seq, n) -> messages.shownBefore(chatId, seq, n),
                        (seq, n) -> messages.shownAfter(chatId, seq, n));
        if (!page.messages().isEmpty()) deliveries.record(chatId, caller.userId(), page.messages().getLast().seq());
        java.util.Set<Long> blocked = chats.blockedSenders(caller.userId());
        List<Message> shown = blocked.isEmpty() ? page.messages()
                : page.messages().stream().filter(m -> !blocked.contains(m.senderId())).toList();
        List<Long> hidden = blocked.isEmpty() ? List.of()
                : page.messages().stream().filter(m -> blocked.contains(m.senderId())).map(Message::seq).toList();
        return new History(forReader(shown, caller.userId()), page.hasMore(), hidden);
    }

    /** Messages as {@code reader} sees them in an answer: signed attachments, reactions with mine. */
    List<Message> forReader(List<Message> page, long reader) {
        return reactions.attached(page.stream().map(attachments::signed).toList(), reader);
    }

    /**
     * Messages after {@code afterSeq}, for a connection catching up; its membership is already known.
     * Shared by every reader: each connection shows them to its own user ({@link Message#seenBy}).
     */
    public List<Message> catchUp(long chatId, long afterSeq, int limit) {
        return reactions.attached(messages.after(chatId, afterSeq, limit).stream().map(attachments::signed).toList());
    }

    public Message edit(Principal caller, long chatId, long seq, Requests.EditMessage request) {
        String body = Check.text(request.body(), "body", MAX_BODY_CHARS);
        Message existing = live(caller, chatId, seq);
        if (existing.senderId() != caller.userId()) {
            throw Problem.of(ErrorCode.FORBIDDEN, "Only the sender may edit a message.");
        }
        if (existing.state() == MessageState.STREAMING) {
            throw Problem.of(ErrorCode.STREAM_STATE, "Message " + seq + " is still streaming; finish it first.");
        }
        // The message_updated event comes from the chat's change log (see Changes).
        Message edited = reactions.attached(attachments.signed(messages.edit(chatId, seq, body, clock.instant())
                .orElseThrow(() -> Problem.notFound("Message"))));
        return edited.seenBy(caller.userId());
    }

    /**
     * The sender may delete; so may a group's owner or admin (moderation: {@link Moderators}, an
     * admin not the owner's or another admin's). A tombstone keeps the seq and who deleted it.
     */
    public void delete(Principal caller, long chatId, long seq) {
        Chat chat = chats.memberOf(caller, chatId);
        Message existing = liveIn(chatId, seq);
        if (existing.senderId() != caller.userId()) {
            Member self = chat.member(caller.userId());
            if (chat.kind() != ChatKind.GROUP || !self.moderates()) {
                throw Problem.of(ErrorCode.FORBIDDEN, "Only the sender or the group's owner and admins may delete a message.");
            }
            Moderators.requireOver(chat, self, existing.senderId());
        }
        tombstone(chatId, seq, caller.userId());
    }

    /** {@link #delete} for the host application's servers (moderation): any message of any chat. */
    public void deleteForHost(long chatId, long seq) {
        liveIn(chatId, seq);
        tombstone(chatId, seq, null);
    }

    private void tombstone(long chatId, long seq, Long deletedBy) {
        // The message_deleted event comes from the chat's change log (see Changes).
        messages.delete(chatId, seq, deletedBy, clock.instant()).orElseThrow(() -> Problem.notFound("Message"));
    }

    Message live(Principal caller, long chatId, long seq) {
        chats.requireMember(caller, chatId);
        return liveIn(chatId, seq);
    }

    private Message liveIn(long chatId, long seq) {
        return messages.find(chatId, seq).filter(m -> !m.deleted()).orElseThrow(() -> Problem.notFound("Message"));
    }

    /** A streaming message may start empty: its text is on the way. */
    private MessageStore.NewMessage validated(Principal caller, long chatId, Requests.SendMessage request, boolean streaming) {
        String clientId = Check.text(request.clientId(), "client_id", MAX_CLIENT_ID_CHARS);
        List<Long> attachmentIds = request.attachmentIds() == null ? List.of() : request.attachmentIds();
        if (attachmentIds.size() > MAX_ATTACHMENTS) {
            throw Problem.invalid("A message carries at most " + MAX_ATTACHMENTS + " attachments.");
        }
        attachmentIds.forEach(id -> Check.positive(id, "attachment_ids[]"));
        if (request.replyToSeq() != null) Check.positive(request.replyToSeq(), "reply_to_seq");
        if (request.threadRootSeq() != null) Check.positive(request.threadRootSeq(), "thread_root_seq");
        if (request.shownInChat() != null && request.threadRootSeq() == null) {
            throw Problem.invalid("Field 'shown_in_chat' is for replies in a thread; give 'thread_root_seq' too.");
        }
        String body = request.body() == null ? "" : request.body();
        if (body.length() > MAX_BODY_CHARS) {
            throw Problem.invalid("Field 'body' must be at most " + MAX_BODY_CHARS + " characters.");
        }
        MessageRef forward = request.forward();
        if (forward != null) body = forwardedBody(caller, forward, body);
        if (!streaming && body.isBlank() && attachmentIds.isEmpty()) {
            throw Problem.invalid("A message needs a 'body', 'attachment_ids' or 'forward'.");
        }
        return new MessageStore.NewMessage(chatId, caller.userId(), clientId, body, request.replyToSeq(),
                forward, attachmentIds, clock.instant(), streaming, request.threadRootSeq(),
                Boolean.TRUE.equals(request.shownInChat()));
    }

    /** A forward copies the original's text; the caller must be able to read the original. */
    private String forwardedBody(Principal caller, MessageRef forward, String body) {
        if (!body.isEmpty()) throw Problem.invalid("A forwarded message takes its body from the original; omit 'body'.");
        return live(caller, forward.chatId(), forward.seq()).body();
    }

    static Problem refusal(MessageStore.Refused refused) {
        return switch (refused.reason()) {
            case NOT_MEMBER, NO_SUCH_CHAT -> Problem.notFound("Chat");
            case REPLY_TO_UNKNOWN -> Problem.invalid("Field 'reply_to_seq' names no message of this chat.");
            case THREAD_ROOT_UNKNOWN -> Problem.invalid("Field 'thread_root_seq' names no message of this chat, or a deleted one.");
            case ATTACHMENT_UNKNOWN -> Problem.invalid("An attachment in 'attachment_ids' is unknown, not yours, or already sent.");
            case MUTED -> Problem.restricted(ErrorCode.MUTED, "You are muted in this chat" + ending(refused), refused.until());
            case BLOCKED -> Problem.restricted(ErrorCode.BLOCKED, "You are blocked from sending messages" + ending(refused),
                    refused.until());
            case SLOW_MODE -> Problem.slowMode(secondsUntil(refused.until()));
        };
    }

    /** Whole seconds from now (the wall clock, as the append's), rounded up so a client that waits them is let through. */
    private static long secondsUntil(java.time.Instant until) {
        long millis = java.time.Duration.between(java.time.Instant.now(), until).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    private static String ending(MessageStore.Refused refused) {
        return refused.until() == null ? " until a moderator lifts it." : " until " + refused.until() + ".";
    }
}
