package io.vestnik.domain;

import java.time.Instant;
import java.util.List;

/**
 * One message of a chat. {@code seq} numbers a chat's messages 1, 2, 3, ... with no gaps and
 * no reuse; it is the order every client sees. A deleted message stays as a tombstone: same
 * seq, {@code deleted = true}, empty body and no attachments. A {@link MessageState#STREAMING}
 * message's body is the text so far; it only grows (by deltas) until the message is finished.
 * A reply in a thread names its root in {@code threadRootSeq} and is part of the chat's own history
 * only when {@code shownInChat} (every other message is); a root carries its {@code thread}'s
 * summary, null until its first reply (decision 0030).
 */
public record Message(
        long id,
        long chatId,
        long seq,
        long senderId,
        String body,
        String clientId,
        Instant createdAt,
        Instant editedAt,
        boolean deleted,
        Long replyToSeq,
        MessageRef forwardedFrom,
        List<Attachment> attachments,
        MessageState state,
        List<Reaction> reactions,
        Long threadRootSeq,
        Boolean shownInChat,
        ThreadSummary thread) {

    /**
     * A cached copy written before messages had a state is complete, as every message then was;
     * one without reactions has none (storage and the cache keep them apart from messages); one
     * written before threads is no reply, so it is shown in the chat.
     */
    public Message {
        if (state == null) state = MessageState.COMPLETE;
        reactions = reactions == null ? List.of() : List.copyOf(reactions);
        if (shownInChat == null) shownInChat = true;
    }

    /** A message as storage and the cache hold it: its reactions are read apart ({@link #withReactions}). */
    public Message(long id, long chatId, long seq, long senderId, String body, String clientId, Instant createdAt,
                   Instant editedAt, boolean deleted, Long replyToSeq, MessageRef forwardedFrom,
                   List<Attachment> attachments, MessageState state) {
        this(id, chatId, seq, senderId, body, clientId, createdAt, editedAt, deleted, replyToSeq, forwardedFrom,
                attachments, state, List.of(), null, true, null);
    }

    public Message withAttachments(List<Attachment> signed) {
        return new Message(id, chatId, seq, senderId, body, clientId, createdAt, editedAt, deleted,
                replyToSeq, forwardedFrom, signed, state, reactions, threadRootSeq, shownInChat, thread);
    }

    public Message withReactions(List<Reaction> tallies) {
        return new Message(id, chatId, seq, senderId, body, clientId, createdAt, editedAt, deleted,
                replyToSeq, forwardedFrom, attachments, state, tallies, threadRootSeq, shownInChat, thread);
    }

    /** The message as {@code reader} sees it: each reaction says whether it is theirs. */
    public Message seenBy(long reader) {
        return reactions.isEmpty() ? this : withReactions(reactions.stream().map(r -> r.seenBy(reader)).toList());
    }
}
