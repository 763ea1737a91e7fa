package io.vestnik.ratelimit;

/**
 * Counts requests per key against a {@link Limit}. Implementations: {@link LocalRateLimiter}
 * (this node's memory) and {@link RedisRateLimiter} (shared by every node). What every
 * implementation promises (checked by {@code RateLimiterContract}):
 * <ul>
 *   <li><b>Burst.</b> A key never seen, or idle long enough, may spend {@link Limit#capacity()}
 *       (rate + burst) requests at once.</li>
 *   <li><b>Refill.</b> Tokens come back evenly: {@code perPeriod} over each {@code period}, never
 *       above the capacity.</li>
 *   <li><b>Block.</b> The request that finds the bucket empty is refused and, if the limit has a
 *       block, the key stays refused for the whole block however much refills meanwhile; its
 *       {@code retryAfterSeconds} is the block, or the wait for the next token if that is later.
 *       Without a block a key is refused only until its next token.</li>
 *   <li><b>Independence.</b> Each (limit name, key) pair has its own bucket.</li>
 *   <li><b>Thread-safety.</b> Any number of threads may call at once; together they are allowed
 *       exactly what one caller would be, never more.</li>
 *   <li><b>Redis down (R21).</b> The Redis limiter fails open to local counting: a request is
 *       never refused, nor delayed beyond a short timeout, because Redis is unreachable; each node
 *       then enforces the limits on its own share, so limits loosen across nodes but never
 *       vanish.</li>
 * </ul>
 * The local one never blocks, the Redis one for at most a short timeout per call.
 */
public interface RateLimiter {

    /** Takes one request from the key's bucket, or refuses it; never throws for a limiter fault. */
    Decision acquire(Limit limit, String key);

    /** Forgets what idle keys hold in this node's memory; called now and then. */
    default void evictIdle() {}

    /** For {@code VESTNIK_RATE_LIMITS=off}: load tests and benchmarks. */
    RateLimiter UNLIMITED = (limit, key) -> Decision.unlimited();
}
