package io.vestnik.ratelimit;

/**
 * The answer for one request: allowed or not, and what the {@code X-RateLimit-*} headers and a
 * 429's {@code retry_after} report.
 */
public record Decision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {

    public static Decision unlimited() {
        return new Decision(true, Long.MAX_VALUE, Long.MAX_VALUE, 0, 0);
    }
}
