package io.vestnik.ratelimit;

import io.vestnik.redis.RedisConnections;
import io.vestnik.testing.RedisClusterPerClass;
import java.time.Clock;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The limiter's promises through a real three-master Redis Cluster (each bucket on its key's shard). */
@Timeout(60)
class RedisClusterRateLimiterTest extends RateLimiterContract {
    @RegisterExtension
    static final RedisClusterPerClass cluster = new RedisClusterPerClass();
    private RedisConnections connections;

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
