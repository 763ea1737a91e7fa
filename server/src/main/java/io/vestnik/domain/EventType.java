package io.vestnik.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/** What a webhook can subscribe to; {@link #wire()} is the contract's name ({@code message.created}, …). */
public enum EventType {
    MESSAGE_CREATED, MESSAGE_UPDATED, MESSAGE_DELETED, CHAT_CREATED, MEMBER_ADDED, MEMBER_REMOVED, MESSAGE_READ,
    NOTIFICATION_CREATED, MESSAGE_UNREAD, MESSAGE_REACTION, MESSAGE_REPORTED;

    @JsonValue
    public String wire() {
        return name().toLowerCase().replaceFirst("_", ".");
    }

    public static Optional<EventType> parse(String wire) {
        for (EventType type : values()) {
            if (type.wire().equals(wire)) return Optional.of(type);
        }
        return Optional.empty();
    }
}
