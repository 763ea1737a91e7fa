package io.vestnik.auth;

import io.vestnik.protocol.Problem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * Short-lived WebSocket tickets, {@code sessionID.timestamp.userID.signature} (the session-ownership
 * format of requirement R20): the timestamp is the issue time in epoch seconds, the signature is
 * HMAC-SHA256 over the first three parts, base64url. Stateless: any node sharing the secret can
 * verify one, and a ticket can be replayed until it expires, so its TTL is kept short and the
 * session's revocation is checked on use ({@link Authenticator#authenticateTicket}). Thread-safe.
 */
public final class Tickets {
    /** Label of the key derived from the JWT secret, so tickets and tokens never share a key. */
    static final String KEY_LABEL = "vestnik/ws-ticket/v1";
    // Nodes' clocks differ a little: a ticket issued "in the future" by this much is still fine.
    private static final long CLOCK_SKEW_SECONDS = 30;

    private final byte[] key;
    private final Duration ttl;
    private final Clock clock;

    /** @param jwtSecret the node's secret ({@link Secrets#jwtSecret}); the ticket key is derived from it */
    public Tickets(byte[] jwtSecret, Duration ttl, Clock clock) {
        this.key = Secrets.derive(jwtSecret, KEY_LABEL);
        this.ttl = ttl;
        this.clock = clock;
    }

    public Duration ttl() {
        return ttl;
    }

    public String issue(Principal principal) {
        String payload = principal.sessionId() + "." + clock.instant().getEpochSecond() + "." + principal.userId();
        return payload + "." + sign(payload);
    }

    /**
     * The principal the ticket was issued to.
     *
     * @throws Problem unauthorized when the ticket is malformed, tampered with, or expired
     */
    public Principal verify(String ticket) {
        String[] parts = ticket == null ? new String[0] : ticket.split("\\.", -1);
        if (parts.length != 4) throw Problem.unauthorized("Ticket is malformed.");
        long sessionId = number(parts[0]);
        long issuedAt = number(parts[1]);
        long userId = number(parts[2]);
        String payload = parts[0] + "." + parts[1] + "." + parts[2];
        byte[] expected = sign(payload).getBytes(StandardCharsets.US_ASCII);
        // Constant-time, so the signature cannot be found byte by byte from response times.
        if (!MessageDigest.isEqual(expected, parts[3].getBytes(StandardCharsets.US_ASCII))) {
            throw Problem.unauthorized("Ticket signature is not valid.");
        }
        long now = clock.instant().getEpochSecond();
        if (now - issuedAt >= ttl.toSeconds() || issuedAt - now > CLOCK_SKEW_SECONDS) {
            throw Problem.unauthorized("Ticket has expired; ask for a new one.");
        }
        if (userId <= 0) throw Problem.unauthorized("Ticket is malformed.");
        return new Principal(userId, sessionId);
    }

    private String sign(String payload) {
        byte[] mac = Secrets.hmacSha256(key, payload.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
    }

    private static long number(String part) {
        try {
            long value = Long.parseLong(part);
            if (value < 0) throw Problem.unauthorized("Ticket is malformed.");
            return value;
        } catch (NumberFormatException e) {
            throw Problem.unauthorized("Ticket is malformed.");
        }
    }
}
