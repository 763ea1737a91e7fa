package io.vestnik.ratelimit;

/**
 * Counts requests per key against a {@link Limit}. Implementations: {@link LocalRateLimiter}
 * (this node's memory) and {@code RedisRateLimiter} (shared by every node; falls back to local
 * counting while Redis is unreachable). Thread-safe, non-blocking.
 */
public interface RateLimiter {

    Decision acquire(Limit limit, String key);

    /** For {@code VESTNIK_RATE_LIMITS=off}: load tests and benchmarks. */
    RateLimiter UNLIMITED = (limit, key) -> Decision.unlimited();
}
