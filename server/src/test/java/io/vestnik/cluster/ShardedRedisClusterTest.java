package io.vestnik.cluster;

import io.vestnik.testing.Cluster;
import io.vestnik.testing.RedisCluster;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Three nodes on PostgreSQL + a real three-master Redis Cluster: sharded Pub/Sub between nodes,
 * presence, rate limits, cache and tickets in the cluster.
 */
class ShardedRedisClusterTest extends GlobalPresenceClusterContract {
    private static RedisCluster redis;

    @BeforeAll
    static void startCluster() {
        redis = RedisCluster.start();
        cluster = Cluster.start(3, Map.of("VESTNIK_REDIS_URL", redis.url(), "VESTNIK_PRESENCE_TTL", "3s"));
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }
}
