package io.vestnik.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import java.util.concurrent.TimeUnit;

/** What local and Redis limiters share: a {@link Limit} as a bucket, and a probe as a {@link Decision}. */
final class Buckets {
    private Buckets() {}

    static BucketConfiguration configuration(Limit limit) {
        return BucketConfiguration.builder().addLimit(bandwidth(limit)).build();
    }

    static Bandwidth bandwidth(Limit limit) {
        return Bandwidth.builder().capacity(limit.capacity())
                .refillGreedy(limit.perPeriod(), limit.period()).initialTokens(limit.capacity()).build();
    }

    static Decision allowed(Limit limit, ConsumptionProbe probe) {
        long reset = seconds(TimeUnit.NANOSECONDS.toMillis(probe.getNanosToWaitForReset()));
        return new Decision(true, limit.capacity(), probe.getRemainingTokens(), reset, 0);
    }

    /** Refused: retry after the block, or after the next token if that is later. */
    static Decision exceeded(Limit limit, ConsumptionProbe probe) {
        return refused(limit, Math.max(limit.block().toMillis(), TimeUnit.NANOSECONDS.toMillis(probe.getNanosToWaitForRefill())));
    }

    static Decision refused(Limit limit, long retryAfterMillis) {
        long retryAfter = seconds(retryAfterMillis);
        return new Decision(false, limit.capacity(), 0, retryAfter, retryAfter);
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
