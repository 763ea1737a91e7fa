package io.vestnik.domain;

import java.time.Instant;

/**
 * One event waiting to be exported to a message broker, as the outbox holds it (decision 0034).
 * {@code rowId} numbers it within its target; {@code stream} orders it ({@code chat:<id>},
 * {@code chat:<id>:unread:<user>}, {@code user:<id>}); {@code data} is the event's JSON object as
 * text, the same as a webhook's.
 */
public record ExportEvent(long rowId, EventType type, String stream, String data, Instant createdAt) {
    private static final String CHAT = "chat:";

    /** The public id every copy of this event carries, for consumers to de-duplicate by. */
    public String id() {
        return "exp_" + rowId;
    }

    /** The chat the event belongs to, or null for a user's own event (a notification). */
    public Long chatId() {
        if (!stream.startsWith(CHAT)) return null;
        int end = stream.indexOf(':', CHAT.length());
        return Long.parseLong(end < 0 ? stream.substring(CHAT.length()) : stream.substring(CHAT.length(), end));
    }

    /** The published body, the same on every try: {@code {id, type, chat_id, created_at, data}}. */
    public String body() {
        return "{\"id\":\"" + id() + "\",\"type\":\"" + type.wire() + "\",\"chat_id\":" + chatId() + ",\"created_at\":\""
                + createdAt + "\",\"data\":" + data + "}";
    }
}
