package io.vestnik.client;

import java.util.List;

/**
 * A chat message. {@code seq} numbers a chat's messages 1, 2, 3, ... without gaps; {@code state}
 * is {@code "streaming"} while a bot is still appending to it, {@code "complete"} otherwise;
 * {@code reactions} are per emoji, in the order of their first reaction.
 */
public record Message(long id, long chatId, long seq, long senderId, String body, String clientId, String createdAt,
                      String editedAt, boolean deleted, Long replyToSeq, String state, List<Reaction> reactions) {

    /** A server older than reactions sends none. */
    public Message {
        reactions = reactions == null ? List.of() : List.copyOf(reactions);
    }

    public boolean streaming() {
        return "streaming".equals(state);
    }
}
