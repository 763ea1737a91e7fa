package io.vestnik.ratelimit;

/**
 * Counts requests per key against a {@link Limit}. Implementations: {@link LocalRateLimiter}
 * (this node's memory) and {@code RedisRateLimiter} (shared by every node; falls back to local
 * counting while Redis is unreachable). Thread-safe; the local one never blocks, the Redis one for
 * at most a short timeout.
 */
public interface RateLimiter {

    Decision acquire(Limit limit, String key);

    /** Forgets what idle keys hold in this node's memory; called now and then. */
    default void evictIdle() {}

    /** For {@code VESTNIK_RATE_LIMITS=off}: load tests and benchmarks. */
    RateLimiter UNLIMITED = (limit, key) -> Decision.unlimited();
}
