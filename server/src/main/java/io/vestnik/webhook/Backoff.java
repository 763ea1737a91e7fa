package io.vestnik.webhook;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: after the n-th failed try, wait a uniformly random time
 * between zero and {@code min(max, base × 2^(n-1))}. The randomness spreads the retries of many
 * events failing together (an endpoint that was down) instead of sending them back in one wave.
 */
record Backoff(Duration base, Duration max) {

    Duration after(int attempts) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 30);
        long ceiling = Math.min(max.toMillis(), base.toMillis() << doublings);
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }
}
