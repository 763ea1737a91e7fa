package io.vestnik.domain;

import java.time.Instant;
import java.util.List;

/**
 * One message of a chat. {@code seq} numbers a chat's messages 1, 2, 3, ... with no gaps and
 * no reuse; it is the order every client sees. A deleted message stays as a tombstone: same
 * seq, {@code deleted = true}, empty body and no attachments.
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
        List<Attachment> attachments) {

    public Message withAttachments(List<Attachment> signed) {
        return new Message(id, chatId, seq, senderId, body, clientId, createdAt, editedAt, deleted,
                replyToSeq, forwardedFrom, signed);
    }
}
