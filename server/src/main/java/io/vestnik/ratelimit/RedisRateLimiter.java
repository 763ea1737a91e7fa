package io.vestnik.ratelimit;

import io.vestnik.redis.RedisConnections;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate limits shared by every node through Redis ({@link RedisBuckets}), with the same
 * {@link Limit} semantics as {@link LocalRateLimiter}, block included.
 *
 * <p><b>Fails open to local limits</b> (R21): when a Redis call fails or takes longer than
 * {@link #TIMEOUT}, the request is counted by a {@link LocalRateLimiter} instead, and Redis is
 * left alone for {@link #AWAY} so a dead Redis does not cost a timeout per request. Each node then
 * enforces the limits on its own share of the traffic: looser across nodes, never unlimited.
 *
 * <p>Limits whose key lives on one node — a connection's frames and sends — are always counted
 * locally: no other node can spend them, so a Redis round trip would buy nothing.
 *
 * <p>Thread-safe. Blocks for up to {@link #TIMEOUT} per call while Redis is slow.
 */
public final class RedisRateLimiter implements RateLimiter, AutoCloseable {
    static final Duration TIMEOUT = Duration.ofMillis(200);
    static final Duration AWAY = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(RedisRateLimiter.class);
    private static final Set<String> PER_CONNECTION = Set.of(Limit.FRAMES.name(), Limit.SEND_PER_CONNECTION.name());

    private final RedisConnections redis;
    private final LocalRateLimiter local;
    private final Clock clock;
    private RedisBuckets remote;
    private volatile long awayUntil;

    /** Connects on first use, so a node starts even while Redis is down. */
    public RedisRateLimiter(RedisConnections redis, Clock clock) {
        this.redis = redis;
        this.local = new LocalRateLimiter(clock);
        this.clock = clock;
    }

    @Override
    public Decision acquire(Limit limit, String key) {
        if (PER_CONNECTION.contains(limit.name()) || clock.millis() < awayUntil) return local.acquire(limit, key);
        try {
            return remote().acquire(limit, key);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return local.acquire(limit, key);
        } catch (Exception e) {
            away(e);
            return local.acquire(limit, key);
        }
    }

    /** Forgets idle local buckets (those used per connection, and during outages). */
    @Override
    public void evictIdle() {
        local.evictIdle();
    }

    @Override
    public synchronized void close() {
        if (remote != null) remote.close();
    }

    private synchronized RedisBuckets remote() {
        // Callers queued here behind a failed first connect must not each wait for their own.
        if (clock.millis() < awayUntil) throw new IllegalStateException("Redis away");
        if (remote == null) remote = new RedisBuckets(redis.bytes(), TIMEOUT);
        return remote;
    }

    private void away(Exception e) {
        boolean wasUp = clock.millis() >= awayUntil;
        awayUntil = clock.millis() + AWAY.toMillis();
        if (wasUp) log.warn("rate limits: Redis unreachable, counting locally for {} s: {}", AWAY.toSeconds(), e.toString());
    }
}
