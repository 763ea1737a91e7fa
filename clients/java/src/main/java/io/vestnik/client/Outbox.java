package io.vestnik.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Optimistic sends waiting for their {@code ack}, under their {@code client_id}, in send order.
 * Each is sent once on every live socket until acknowledged: the server stores a
 * {@code client_id} once, so re-sending after a reconnect is always safe. A send fails only on a
 * definitive error (invalid, forbidden, not found) or when the connection closes. Used on the
 * connection's thread only.
 */
final class Outbox {
    private static final class Entry {
        final Map<String, Object> frame;
        final CompletableFuture<Message> stored;
        int sentOn = -1;

        Entry(Map<String, Object> frame, CompletableFuture<Message> stored) {
            this.frame = frame;
            this.stored = stored;
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** {@code fields}: the send frame's content ({@code body}, and thread fields for a reply). */
    void add(long chatId, String clientId, Map<String, Object> fields, CompletableFuture<Message> stored) {
        Map<String, Object> frame = new LinkedHashMap<>(fields);
        frame.putAll(Map.of("type", "send", "chat_id", chatId, "client_id", clientId));
        entries.put(clientId, new Entry(frame, stored));
    }

    /** Sends, over the socket that went live as {@code generation}, every entry not yet sent on it. */
    void flush(Socket socket, int generation) {
        for (Entry entry : entries.values()) {
            if (entry.sentOn == generation) continue;
            socket.send(entry.frame);
            entry.sentOn = generation;
        }
    }

    void acked(String clientId, Message message) {
        Entry entry = entries.remove(clientId);
        if (entry != null) entry.stored.complete(message);
    }

    /** A send's error: definitive ones fail it; after a retryable one every entry is sent again on the next flush. */
    void failed(String clientId, VestnikException error) {
        if (!entries.containsKey(clientId)) return;
        if (error.retryable()) {
            entries.values().forEach(entry -> entry.sentOn = -1);
            return;
        }
        entries.remove(clientId).stored.completeExceptionally(error);
    }

    void failAll(VestnikException error) {
        entries.values().forEach(entry -> entry.stored.completeExceptionally(error));
        entries.clear();
    }
}
