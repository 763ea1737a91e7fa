package io.vestnik.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.redis.RedisConnections;
import io.vestnik.testing.RedisServer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The limiter's promises through Redis, shared by every node, and what happens while Redis is gone. */
@Timeout(60)
class RedisRateLimiterTest extends RateLimiterContract {
    private RedisConnections connections;

    @Override
    protected RateLimiter open() {
        connections = new RedisConnections(RedisServer.SHARED_URL);
        return new RedisRateLimiter(connections, Clock.systemUTC());
    }

    @Override
    protected void close(RateLimiter limiter) {
        ((RedisRateLimiter) limiter).close();
        connections.close();
    }

    /** Three per minute, no burst, a two-second block: small enough to exhaust and outwait. */
    private static Limit limit() {
        return new Limit("test" + Long.toHexString(ThreadLocalRandom.current().nextLong()), 3, Duration.ofMinutes(1), 0, Duration.ofSeconds(2));
    }

    @Test
    void shares_the_budget_across_nodes() {
        Limit limit = limit();
        try (RedisConnections a = new RedisConnections(RedisServer.SHARED_URL);
             RedisConnections b = new RedisConnections(RedisServer.SHARED_URL);
             RedisRateLimiter nodeA = new RedisRateLimiter(a, Clock.systemUTC());
             RedisRateLimiter nodeB = new RedisRateLimiter(b, Clock.systemUTC())) {
            assertThat(nodeA.acquire(limit, "10.0.0.1").remaining()).isEqualTo(2);
            assertThat(nodeB.acquire(limit, "10.0.0.1").remaining()).isEqualTo(1);
            assertThat(nodeA.acquire(limit, "10.0.0.1").allowed()).isTrue();
            Decision refused = nodeB.acquire(limit, "10.0.0.1");
            assertThat(refused.allowed()).as("the fourth request, on either node, exceeds three").isFalse();
            assertThat(refused.retryAfterSeconds()).isPositive();
            assertThat(nodeA.acquire(limit, "10.0.0.2").allowed()).as("another key has its own budget").isTrue();
        }
    }

    @Test
    void blocks_for_the_block_duration_after_exceeding() throws Exception {
        Limit limit = new Limit("test" + Long.toHexString(ThreadLocalRandom.current().nextLong()), 2, Duration.ofMillis(500), 0, Duration.ofSeconds(2));
        try (RedisConnections a = new RedisConnections(RedisServer.SHARED_URL);
             RedisConnections b = new RedisConnections(RedisServer.SHARED_URL);
             RedisRateLimiter nodeA = new RedisRateLimiter(a, Clock.systemUTC());
             RedisRateLimiter nodeB = new RedisRateLimiter(b, Clock.systemUTC())) {
            nodeA.acquire(limit, "k");
            nodeA.acquire(limit, "k");
            Decision exceeded = nodeA.acquire(limit, "k");
            assertThat(exceeded.allowed()).isFalse();
            assertThat(exceeded.retryAfterSeconds()).isEqualTo(2);

            Thread.sleep(1000);
            assertThat(nodeB.acquire(limit, "k").allowed()).as("the bucket refilled, but the block holds, on every node").isFalse();
            Thread.sleep(1300);
            assertThat(nodeB.acquire(limit, "k").allowed()).as("the block is over").isTrue();
        }
    }

    @Test
    void fails_open_to_local_limits_when_redis_is_down() throws Exception {
        Limit limit = limit();
        try (RedisServer server = RedisServer.start();
             RedisConnections redis = new RedisConnections(server.url());
             RedisRateLimiter limiter = new RedisRateLimiter(redis, Clock.systemUTC())) {
            assertThat(limiter.acquire(limit, "shared").remaining()).isEqualTo(2);
            server.stop();

            long start = System.nanoTime();
            for (int i = 0; i < 3; i++) assertThat(limiter.acquire(limit, "local").allowed()).as("counted locally").isTrue();
            assertThat(limiter.acquire(limit, "local").allowed()).as("local limits still hold").isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no timeout per request").isLessThan(Duration.ofSeconds(1));

            server.launch();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            Decision back;
            do {
                Thread.sleep(200);
                back = limiter.acquire(limit, "local");
            } while (!back.allowed() && System.nanoTime() < deadline);
            assertThat(back.allowed()).as("the key spent locally is fresh in the restarted Redis").isTrue();
            try (RedisConnections other = new RedisConnections(server.url());
                 RedisRateLimiter nodeB = new RedisRateLimiter(other, Clock.systemUTC())) {
                limiter.acquire(limit, "again");
                assertThat(nodeB.acquire(limit, "again").remaining()).as("shared through Redis again").isEqualTo(1);
            }
        }
    }
}
