package io.vestnik.ratelimit;

import io.vestnik.redis.RedisConnections;
import io.vestnik.testing.RedisCluster;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/** The limiter's promises through a real three-master Redis Cluster (each bucket on its key's shard). */
@Timeout(60)
class RedisClusterRateLimiterTest extends RateLimiterContract {
    private static RedisCluster cluster;
    private RedisConnections connections;

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Override
    protected RateLimiter open() {
        connections = new RedisConnections(cluster.url());
        return new RedisRateLimiter(connections, Clock.systemUTC());
    }

    @Override
    protected void close(RateLimiter limiter) {
        ((RedisRateLimiter) limiter).close();
        connections.close();
    }
}
