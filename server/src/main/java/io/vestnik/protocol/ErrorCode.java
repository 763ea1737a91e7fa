package io.vestnik.protocol;

/**
 * Every error a client can be told, with its HTTP status. The same codes appear in HTTP error
 * bodies and in WebSocket {@code error} events. A client should not retry a 4xx unchanged,
 * except {@link #RATE_LIMITED} and {@link #SLOW_MODE} (after {@code retry_after}) and {@link #UNAVAILABLE}.
 */
public enum ErrorCode {
    INVALID_JSON(400),
    INVALID_REQUEST(400),
    UNKNOWN_TYPE(400),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    /** The sender is muted in this chat (moderation); {@code until} says when that ends, absent when it lasts until lifted. */
    MUTED(403),
    /** The sender is blocked from sending in any chat (moderation); {@code until} as for {@link #MUTED}. */
    BLOCKED(403),
    /** The user is banned from the group (moderation) and cannot be added; {@code until} as for {@link #MUTED}. */
    BANNED(403),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    CONFLICT(409),
    /** A delta's offset is past the streaming body's end: send the missing text first. */
    STREAM_GAP(409),
    /** A delta or an edit for a message that is not (or no longer) streaming, or still streaming. */
    STREAM_STATE(409),
    /** The request's head or body did not arrive in time; the connection is closed. */
    REQUEST_TIMEOUT(408),
    /** A stream cursor whose snapshot no longer exists (or never did): start a new stream without one. */
    CURSOR_EXPIRED(410),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    /** An {@code Expect} header other than {@code 100-continue}, the only expectation HTTP/1.1 defines. */
    EXPECTATION_FAILED(417),
    RATE_LIMITED(429),
    /** The group has slow mode and the sender's next message may go in {@code retry_after} seconds. */
    SLOW_MODE(429),
    INTERNAL_ERROR(500),
    UNAVAILABLE(503);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    public String wire() {
        return name().toLowerCase();
    }
}
