package io.vestnik.cluster;

import io.vestnik.testing.Cluster;
import io.vestnik.testing.RedisServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Three nodes on PostgreSQL + Redis: Redis Pub/Sub between nodes, presence and rate limits in Redis. */
class RedisClusterTest extends GlobalPresenceClusterContract {
    private static RedisServer redis;

    @BeforeAll
    static void startCluster() {
        redis = RedisServer.start();
        cluster = Cluster.start(3, Map.of("VESTNIK_REDIS_URL", redis.url(), "VESTNIK_PRESENCE_TTL", "3s"));
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }
}
