package io.vestnik.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/** What a service key may do in the server API; each server route needs one scope. */
public enum Scope {
    USERS, CHATS, MESSAGES, NOTIFICATIONS, MODERATION, WEBHOOKS;

    @JsonValue
    public String wire() {
        return name().toLowerCase();
    }

    public static Optional<Scope> parse(String wire) {
        for (Scope scope : values()) {
            if (scope.wire().equals(wire)) return Optional.of(scope);
        }
        return Optional.empty();
    }
}
