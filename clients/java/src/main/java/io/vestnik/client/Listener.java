package io.vestnik.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a {@link LiveConnection} tells the application. Methods are called one at a time, in the
 * order of the events, on the executor given to the builder (never on the connection's own
 * thread, so a listener may block or call back into the connection). A listener that throws does
 * not stop the connection.
 */
public interface Listener {
    /**
     * A chat's next message: every message once, in seq order, without gaps, across reconnects —
     * the user's own sends included (from their ack). A streamed message arrives here first with
     * its body so far and {@code state: "streaming"}; the rest comes as deltas.
     */
    default void onMessage(Message message) {}

    /** {@code message_delta}: text appended to a streaming message; {@code offset} is the body's length before it. */
    default void onDelta(Delta delta) {}

    /** {@code message_updated}: an edit, or a streamed message finished ({@code state: "complete"}, the final body). */
    default void onMessageUpdated(Message message) {}

    /** An application notification, each once, in the user's seq order. */
    default void onNotification(Notification notification) {}

    /**
     * Any other event as the server sent it: typing, presence, message_read, message_deleted,
     * reaction, chat_updated, ... Changes (events with a {@code change} number, here and in
     * {@link #onMessageUpdated}) come once per chat, in change order.
     */
    default void onEvent(String type, JsonNode frame) {}

    default void onStateChange(ConnectionState state) {}

    /** The credential was refused (a revoked session): the connection stopped for good. */
    default void onAuthLost(VestnikException error) {}

    /** An {@code error} frame that belongs to no send of this connection. */
    default void onError(VestnikException error) {}
}
