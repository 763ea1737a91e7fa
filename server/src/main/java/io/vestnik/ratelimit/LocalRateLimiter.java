package io.vestnik.ratelimit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets in this node's memory. Buckets that have refilled completely hold no
 * information, so {@link #evictIdle()} drops them to keep memory bounded by active keys.
 */
public final class LocalRateLimiter implements RateLimiter {
    private record Key(String limit, String key) {}

    private record Entry(Bucket bucket, Limit limit, long[] blockedUntilMillis) {}

    private final Map<Key, Entry> buckets = new ConcurrentHashMap<>();
    private final Clock clock;

    public LocalRateLimiter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Decision acquire(Limit limit, String key) {
        Entry entry = buckets.computeIfAbsent(new Key(limit.name(), key), k -> newEntry(limit));
        long now = clock.millis();
        synchronized (entry) {
            long blockedFor = entry.blockedUntilMillis()[0] - now;
            if (blockedFor > 0) return Buckets.refused(limit, blockedFor);
            ConsumptionProbe probe = entry.bucket().tryConsumeAndReturnRemaining(1);
            if (probe.isConsumed()) return Buckets.allowed(limit, probe);
            entry.blockedUntilMillis()[0] = now + limit.block().toMillis();
            return Buckets.exceeded(limit, probe);
        }
    }

    /** Forgets keys whose bucket is full again and which are not blocked. */
    @Override
    public void evictIdle() {
        long now = clock.millis();
        buckets.values().removeIf(e -> e.blockedUntilMillis()[0] <= now
                && e.bucket().getAvailableTokens() >= e.limit().capacity());
    }

    private static Entry newEntry(Limit limit) {
        return new Entry(Bucket.builder().addLimit(Buckets.bandwidth(limit)).build(), limit, new long[] {0});
    }
}
