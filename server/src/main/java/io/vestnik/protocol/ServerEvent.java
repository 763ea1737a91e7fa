package io.vestnik.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.vestnik.domain.Message;
import io.vestnik.domain.Notification;
import io.vestnik.domain.Reaction;
import io.vestnik.protocol.ChatView;
import java.time.Instant;
import java.util.List;

/**
 * Every frame the server sends: one JSON object, {@code type} first. Events that go to many
 * connections are encoded once (see {@code broker.Envelope}) and the same text is written to all.
 */
@JsonPropertyOrder({"type"})
public sealed interface ServerEvent {

    @JsonProperty("type")
    String type();

    record Connected(long userId, long sessionId, String serverId, Instant timestamp) implements ServerEvent {
        public String type() { return "connected"; }
    }

    record Pong(Instant timestamp) implements ServerEvent {
        public String type() { return "pong"; }
    }

    record Ack(String clientId, Message message) implements ServerEvent {
        public String type() { return "ack"; }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Error(String error, String message, Long retryAfter, Instant until, String clientId) implements ServerEvent {
        public String type() { return "error"; }

        public static Error of(Problem problem, String clientId) {
            return new Error(problem.code().wire(), problem.getMessage(), problem.retryAfterSeconds(), problem.until(), clientId);
        }
    }

    record Resumed() implements ServerEvent {
        public String type() { return "resumed"; }
    }

    record NewMessage(long chatId, Message message) implements ServerEvent {
        public String type() { return "new_message"; }
    }

    record MessageUpdated(long chatId, Message message) implements ServerEvent {
        public String type() { return "message_updated"; }
    }

    /**
     * {@code userId} added ({@code added}) or removed {@code emoji} on message {@code seq};
     * {@code reactions} are the message's counts after it, shared by every member (no {@code mine}).
     */
    record ReactionChanged(long chatId, long seq, long userId, String emoji, boolean added, List<Reaction> reactions)
            implements ServerEvent {
        public String type() { return "reaction"; }
    }

    /** The user read the thread of root {@code rootSeq} up to {@code readSeq}; {@code unread} replies are left. To the user's connections. */
    record ThreadRead(long chatId, long rootSeq, long readSeq, long unread) implements ServerEvent {
        public String type() { return "thread_read"; }
    }

    /**
     * Text appended to a streaming message: {@code text} goes at {@code offset} (UTF-16 units) of its
     * body. A connection gets a message's deltas contiguous by offset after the message itself.
     */
    record MessageDelta(long chatId, long seq, int offset, String text) implements ServerEvent {
        public String type() { return "message_delta"; }
    }

    record MessageRead(long chatId, long seq, long readBy) implements ServerEvent {
        public String type() { return "message_read"; }
    }

    record MessageDelivered(long chatId, long seq, long userId) implements ServerEvent {
        public String type() { return "message_delivered"; }
    }

    record Typing(long chatId, long userId, boolean isTyping) implements ServerEvent {
        public String type() { return "typing"; }
    }

    record Presence(long userId, boolean online, Instant lastSeen) implements ServerEvent {
        public String type() { return "presence"; }
    }

    record ChatUpdated(ChatView chat) implements ServerEvent {
        public String type() { return "chat_updated"; }
    }

    record MessagePinned(long chatId, long seq, boolean pinned) implements ServerEvent {
        public String type() { return "message_pinned"; }
    }

    /** The reader's own state of a chat changed (on another device, or this one): to the user's connections only. */
    record ChatState(long chatId, boolean archived, boolean muted, Instant mutedUntil, boolean markedUnread) implements ServerEvent {
        public String type() { return "chat_state"; }
    }

    /**
     * A chat is gone from the user's list: {@code scope} "everyone" when its owner deleted a group
     * (the user is no longer a member), "me" when the user hid a direct chat (it comes back with
     * the next message).
     */
    record ChatDeleted(long chatId, String scope) implements ServerEvent {
        public String type() { return "chat_deleted"; }
    }

    /**
     * The user blocked ({@code blocked} true) or unblocked another user, on this device or another:
     * to the blocker's connections only. Every connection filters by the change before this event
     * reaches it.
     */
    record UserBlocked(long userId, boolean blocked) implements ServerEvent {
        public String type() { return "user_blocked"; }
    }

    /**
     * In a chat's message stream, in place of message {@code seq}, whose sender the reader blocks:
     * the seq is passed so the stream stays gapless, and nothing of the message is shown.
     */
    record MessageHidden(long chatId, long seq) implements ServerEvent {
        public String type() { return "message_hidden"; }
    }

    /**
     * In a chat's change log, in place of change {@code change} (an edit of, or a reaction by, a user
     * the reader blocks): the number is passed so the change log stays gapless.
     */
    record ChangeHidden(long chatId, long change) implements ServerEvent {
        public String type() { return "change_hidden"; }
    }

    /** An application notification, in the user's notification stream (seq order, like a chat's messages). */
    record NotificationCreated(Notification notification) implements ServerEvent {
        public String type() { return "notification"; }
    }
}
