package io.vestnik.domain;

import java.time.Instant;

/**
 * One entry of a chat's change log (decision 0029): something that changed a message of the chat
 * or the chat itself after it happened. {@code number} orders a chat's changes 1, 2, 3, … without
 * gaps, apart from the messages' {@code seq}. {@code kind} is the event clients receive for it
 * ({@link #MESSAGE_UPDATED}, {@link #MESSAGE_DELETED}, {@link #REACTION}, {@link #MESSAGE_PINNED},
 * or another helper's); {@code seq} the message it is about, 0 when it is about the chat; {@code
 * data} the event's own fields as a JSON object's text (beside {@code type}, {@code chat_id} and
 * {@code change}, which every change event carries).
 */
public record Change(long chatId, long number, String kind, long seq, String data, Instant createdAt) {
    /** A message's body or state changed; the event carries the message as it is now. */
    public static final String MESSAGE_UPDATED = "message_updated";
    public static final String MESSAGE_DELETED = "message_deleted";
    public static final String REACTION = "reaction";
    public static final String MESSAGE_PINNED = "message_pinned";
    /** A member's mute was set or lifted: {@code {user_id, muted, until}} (decision 0031). */
    public static final String MEMBER_MUTED = "member_muted";
}
