package io.vestnik.store;

import io.vestnik.domain.Message;
import java.time.Instant;
import java.util.List;

/** Pinned messages of a chat. Thread-safe; blocking. */
public interface PinStore {

    /**
     * Pins the message; false when it was already pinned or the chat has no live message with that
     * seq. A pin is logged as a {@code message_pinned} change in its own transaction.
     */
    boolean pin(long chatId, long seq, long pinnedBy, Instant now);

    /** Unpins the message, logged as a {@code message_pinned} change; false when it was not pinned. */
    boolean unpin(long chatId, long seq, Instant now);

    /** The chat's pinned messages, most recently pinned first. */
    List<Message> pinned(long chatId);
}
