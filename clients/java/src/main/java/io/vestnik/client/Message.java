package io.vestnik.client;

import java.util.List;

/**
 * A chat message. {@code seq} numbers a chat's messages 1, 2, 3, ... without gaps; {@code state}
 * is {@code "streaming"} while a bot is still appending to it, {@code "complete"} otherwise;
 * {@code reactions} are per emoji, in the order of their first reaction. A reply in a thread
 * names its root in {@code threadRootSeq} and is part of the chat's own history only when
 * {@code shownInChat}; a root carries its {@code thread}, null until its first reply.
 * {@code attachments} are the files sent with it (none on a tombstone); their URLs are signed anew
 * in every answer, so two copies of one message may differ there. {@code forwardedFrom} names the
 * message it forwards, or is null.
 */
public record Message(long id, long chatId, long seq, long senderId, String body, String clientId, String createdAt,
                      String editedAt, boolean deleted, Long replyToSeq, String state, List<Reaction> reactions,
                      Long threadRootSeq, Boolean shownInChat, ThreadSummary thread, List<Attachment> attachments,
                      MessageRef forwardedFrom) {

    /** Lists a server leaves out are empty; a server older than threads has no replies, every message shown in the chat. */
    public Message {
        reactions = reactions == null ? List.of() : List.copyOf(reactions);
        if (shownInChat == null) shownInChat = true;
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    public boolean streaming() {
        return "streaming".equals(state);
    }
}
