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
    /** A reply ({@code seq}) moved its root's thread summary: data {@code root_seq}, {@code thread} (decision 0030). */
    public static final String THREAD_UPDATED = "thread_updated";
    /** A member's mute was set or lifted: {@code {user_id, muted, until}} (decision 0031). */
    public static final String MEMBER_MUTED = "member_muted";
    /** A group's title, description or avatar changed; the event carries all three as they are now. */
    public static final String CHAT_PROFILE = "chat_profile";
}
