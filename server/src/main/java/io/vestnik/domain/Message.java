package io.vestnik.domain;

import java.time.Instant;
import java.util.List;

/**
 * One message of a chat. {@code seq} numbers a chat's messages 1, 2, 3, ... with no gaps and
 * no reuse; it is the order every client sees. A deleted message stays as a tombstone: same
 * seq, {@code deleted = true}, empty body and no attachments. A {@link MessageState#STREAMING}
 * message's body is the text so far; it only grows (by deltas) until the message is finished.
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
        List<Reaction> reactions) {

    /**
     * A cached copy written before messages had a state is complete, as every message then was;
     * one without reactions has none (storage and the cache keep them apart from messages).
     */
    public Message {
        if (state == null) state = MessageState.COMPLETE;
        reactions = reactions == null ? List.of() : List.copyOf(reactions);
    }

    /** A message as storage and the cache hold it: its reactions are read apart ({@link #withReactions}). */
    public Message(long id, long chatId, long seq, long senderId, String body, String clientId, Instant createdAt,
                   Instant editedAt, boolean deleted, Long replyToSeq, MessageRef forwardedFrom,
                   List<Attachment> attachments, MessageState state) {
        this(id, chatId, seq, senderId, body, clientId, createdAt, editedAt, deleted, replyToSeq, forwardedFrom,
                attachments, state, List.of());
    }

    public Message withAttachments(List<Attachment> signed) {
        return new Message(id, chatId, seq, senderId, body, clientId, createdAt, editedAt, deleted,
                replyToSeq, forwardedFrom, signed, state, reactions);
    }

    public Message withReactions(List<Reaction> tallies) {
        return new Message(id, chatId, seq, senderId, body, clientId, createdAt, editedAt, deleted,
                replyToSeq, forwardedFrom, attachments, state, tallies);
    }

    /** The message as {@code reader} sees it: each reaction says whether it is theirs. */
    public Message seenBy(long reader) {
        return reactions.isEmpty() ? this : withReactions(reactions.stream().map(r -> r.seenBy(reader)).toList());
    }
}
