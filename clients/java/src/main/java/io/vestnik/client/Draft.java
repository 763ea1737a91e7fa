package io.vestnik.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link LiveConnection#send(long, Draft)} sends: a body, files uploaded with
 * {@link LiveConnection#upload} (at most 10, each sent once), a reply to a message of the same
 * chat, or a forward of a message from a chat the user is in (whose body is then the forwarded
 * one's). The server checks each part: docs/protocol.md, {@code send}.
 */
public record Draft(String body, List<Long> attachmentIds, Long replyToSeq, MessageRef forward) {
    public Draft {
        attachmentIds = attachmentIds == null ? List.of() : List.copyOf(attachmentIds);
    }

    public static Draft text(String body) {
        return new Draft(body, List.of(), null, null);
    }

    /** Files, with {@code body} as their caption (null for none). */
    public static Draft files(String body, List<Long> attachmentIds) {
        return new Draft(body, attachmentIds, null, null);
    }

    public static Draft forwardOf(MessageRef source) {
        return new Draft(null, List.of(), null, source);
    }

    public Draft replyingTo(long seq) {
        return new Draft(body, attachmentIds, seq, forward);
    }

    /** The {@code send} frame's content. */
    Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (body != null) fields.put("body", body);
        if (!attachmentIds.isEmpty()) fields.put("attachment_ids", attachmentIds);
        if (replyToSeq != null) fields.put("reply_to_seq", replyToSeq);
        if (forward != null) fields.put("forward", Map.of("chat_id", forward.chatId(), "seq", forward.seq()));
        return fields;
    }
}
