package io.vestnik.client;

/**
 * A chat message. {@code seq} numbers a chat's messages 1, 2, 3, ... without gaps; {@code state}
 * is {@code "streaming"} while a bot is still appending to it, {@code "complete"} otherwise.
 */
public record Message(long id, long chatId, long seq, long senderId, String body, String clientId, String createdAt,
                      String editedAt, boolean deleted, Long replyToSeq, String state) {
    public boolean streaming() {
        return "streaming".equals(state);
    }
}
