package io.vestnik.protocol;

import java.time.Instant;

/**
 * A refusal the client is told about: an {@link ErrorCode} and a sentence a person can read.
 * Thrown anywhere below the transports; HTTP and WebSocket turn it into their error shape.
 */
public final class Problem extends RuntimeException {
    private final ErrorCode code;
    private final Long retryAfterSeconds;
    private final Instant until;

    private Problem(ErrorCode code, String message, Long retryAfterSeconds, Instant until) {
        super(message, null, false, false);
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
        this.until = until;
    }

    private Problem(ErrorCode code, String message, Long retryAfterSeconds) {
        this(code, message, retryAfterSeconds, null);
    }

    public static Problem of(ErrorCode code, String message) {
        return new Problem(code, message, null);
    }

    /**
     * A restriction on the caller ({@link ErrorCode#MUTED}, {@link ErrorCode#BLOCKED}) that ends at
     * {@code until}, or lasts until lifted when it is null; retrying before then is refused the same way.
     */
    public static Problem restricted(ErrorCode code, String message, Instant until) {
        return new Problem(code, message, null, until);
    }

    public static Problem rateLimited(long retryAfterSeconds) {
        return rateLimited(retryAfterSeconds, "Too many requests; retry in " + retryAfterSeconds + " s.");
    }

    public static Problem rateLimited(long retryAfterSeconds, String message) {
        return new Problem(ErrorCode.RATE_LIMITED, message, retryAfterSeconds);
    }

    /** The group's slow mode: the sender's next message may go in {@code retryAfterSeconds}. */
    public static Problem slowMode(long retryAfterSeconds) {
        return new Problem(ErrorCode.SLOW_MODE, "This group has slow mode; your next message may go in "
                + retryAfterSeconds + " s.", retryAfterSeconds);
    }

    /** The service cannot answer now through no fault of the request; the same request may succeed later. */
    public static Problem unavailable(String message, long retryAfterSeconds) {
        return new Problem(ErrorCode.UNAVAILABLE, message, retryAfterSeconds);
    }

    public static Problem invalid(String message) {
        return of(ErrorCode.INVALID_REQUEST, message);
    }

    public static Problem notFound(String what) {
        return of(ErrorCode.NOT_FOUND, what + " not found.");
    }

    public static Problem unauthorized(String message) {
        return of(ErrorCode.UNAUTHORIZED, message);
    }

    public ErrorCode code() {
        return code;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** When the restriction this problem reports ends; null when there is none or it lasts until lifted. */
    public Instant until() {
        return until;
    }
}
