package io.vestnik.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

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
            if (blockedFor > 0) return refused(limit, seconds(blockedFor));
            ConsumptionProbe probe = entry.bucket().tryConsumeAndReturnRemaining(1);
            long reset = seconds(TimeUnit.NANOSECONDS.toMillis(probe.getNanosToWaitForReset()));
            if (probe.isConsumed()) return new Decision(true, limit.capacity(), probe.getRemainingTokens(), reset, 0);
            long waitMillis = Math.max(limit.block().toMillis(), TimeUnit.NANOSECONDS.toMillis(probe.getNanosToWaitForRefill()));
            entry.blockedUntilMillis()[0] = now + limit.block().toMillis();
            return refused(limit, seconds(waitMillis));
        }
    }

    /** Forgets keys whose bucket is full again and which are not blocked. */
    public void evictIdle() {
        long now = clock.millis();
        buckets.values().removeIf(e -> e.blockedUntilMillis()[0] <= now
                && e.bucket().getAvailableTokens() >= e.limit().capacity());
    }

    private static Entry newEntry(Limit limit) {
        Bucket bucket = Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(limit.capacity())
                        .refillGreedy(limit.perPeriod(), limit.period()).initialTokens(limit.capacity()).build())
                .build();
        return new Entry(bucket, limit, new long[] {0});
    }

    private static Decision refused(Limit limit, long retryAfterSeconds) {
        return new Decision(false, limit.capacity(), 0, retryAfterSeconds, retryAfterSeconds);
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
