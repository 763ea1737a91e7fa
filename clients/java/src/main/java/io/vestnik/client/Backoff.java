package io.vestnik.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: a random delay in [0, min(cap, base · 2^attempt)), so the
 * many clients a restart drops at once do not come back in step. A server that said when to come
 * back ({@code retry_after}) is not asked sooner.
 */
record Backoff(Duration base, Duration cap) {
    static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

    Duration delay(int attempt, Integer retryAfterSeconds) {
        long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(attempt, 30));
        long jittered = ThreadLocalRandom.current().nextLong(Math.max(1, ceiling));
        long floor = retryAfterSeconds == null ? 0 : retryAfterSeconds * 1000L;
        return Duration.ofMillis(Math.max(floor, jittered));
    }
}
