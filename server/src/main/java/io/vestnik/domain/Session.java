package io.vestnik.domain;

import java.time.Instant;

/** A signed-in device. Revoked sessions refuse their access tokens and close their sockets. */
public record Session(
        long id,
        long userId,
        Instant createdAt,
        Instant lastSeenAt,
        Instant expiresAt,
        Instant revokedAt,
        String userAgent,
        String ip) {

    public boolean activeAt(Instant now) {
        return revokedAt == null && expiresAt.isAfter(now);
    }
}
