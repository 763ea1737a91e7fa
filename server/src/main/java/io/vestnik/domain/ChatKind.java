package io.vestnik.domain;

import com.fasterxml.jackson.annotation.JsonValue;

public enum ChatKind {
    DIRECT, GROUP, LISTING;

    @JsonValue
    public String wire() {
        return name().toLowerCase();
    }

    public static ChatKind parse(String wire) {
        for (ChatKind kind : values()) {
            if (kind.wire().equals(wire)) return kind;
        }
        throw new IllegalArgumentException(wire);
    }
}
