package io.vestnik.auth;

import io.vestnik.protocol.Problem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Short-lived WebSocket tickets, {@code sessionID.timestamp.userID.nonce.signature}: R20's
 * session-ownership format with a random nonce before the signature (decision 0011). The timestamp
 * is the issue time in epoch seconds, the nonce 16 random bytes, the signature HMAC-SHA256 over
 * the first four parts; nonce and signature are base64url. Any node sharing the secret can verify
 * one; that it is used only once is the {@link io.vestnik.store.TicketLedger}'s part, checked with
 * the session's revocation on use ({@link Authenticator#authenticateTicket}). Thread-safe.
 */
public final class Tickets {
    /** Label of the key derived from the JWT secret, so tickets and tokens never share a key. */
    static final String KEY_LABEL = "vestnik/ws-ticket/v1";
    // Nodes' clocks differ a little: a ticket issued "in the future" by this much is still fine.
    private static final long CLOCK_SKEW_SECONDS = 30;
    private static final int NONCE_BYTES = 16;
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    /** A ticket that verified: whose it is, its nonce, and the last instant any node may still accept it. */
    public record Verified(Principal principal, String nonce, Instant usableUntil) {}

    private final byte[] key;
    private final Duration ttl;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

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
        String payload = principal.sessionId() + "." + clock.instant().getEpochSecond() + "." + principal.userId()
                + "." + nonce();
        return payload + "." + sign(payload);
    }

    /**
     * Checks the ticket's form, signature and age; not whether it was used before.
     *
     * @throws Problem unauthorized when the ticket is malformed, tampered with, or expired
     */
    public Verified verify(String ticket) {
        String[] parts = ticket == null ? new String[0] : ticket.split("\\.", -1);
        if (parts.length != 5 || parts[3].isEmpty()) throw Problem.unauthorized("Ticket is malformed.");
        long sessionId = number(parts[0]);
        long issuedAt = number(parts[1]);
        long userId = number(parts[2]);
        String payload = String.join(".", parts[0], parts[1], parts[2], parts[3]);
        byte[] expected = sign(payload).getBytes(StandardCharsets.US_ASCII);
        // Constant-time, so the signature cannot be found byte by byte from response times.
        if (!MessageDigest.isEqual(expected, parts[4].getBytes(StandardCharsets.US_ASCII))) {
            throw Problem.unauthorized("Ticket signature is not valid.");
        }
        long now = clock.instant().getEpochSecond();
        if (now - issuedAt >= ttl.toSeconds() || issuedAt - now > CLOCK_SKEW_SECONDS) {
            throw Problem.unauthorized("Ticket has expired; ask for a new one.");
        }
        if (userId <= 0) throw Problem.unauthorized("Ticket is malformed.");
        return new Verified(new Principal(userId, sessionId), parts[3], usableUntil(issuedAt));
    }

    /** A node whose clock is behind by up to the skew still accepts the ticket that much later. */
    private Instant usableUntil(long issuedAt) {
        return Instant.ofEpochSecond(issuedAt).plus(ttl).plusSeconds(CLOCK_SKEW_SECONDS);
    }

    private String nonce() {
        byte[] bytes = new byte[NONCE_BYTES];
        random.nextBytes(bytes);
        return BASE64URL.encodeToString(bytes);
    }

    private String sign(String payload) {
        return BASE64URL.encodeToString(Secrets.hmacSha256(key, payload.getBytes(StandardCharsets.UTF_8)));
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
