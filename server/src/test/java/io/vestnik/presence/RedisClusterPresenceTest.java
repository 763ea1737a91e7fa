package io.vestnik.presence;

import io.vestnik.redis.RedisConnections;
import io.vestnik.testing.RedisCluster;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared presence contract on a real three-master Redis Cluster (every script on one slot). */
class RedisClusterPresenceTest extends SharedPresenceContract {
    private static RedisCluster cluster;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Override
    protected SharedPresence newPresence(String nodeId) {
        RedisConnections redis = new RedisConnections(cluster.url());
        opened.add(redis);
        return new RedisPresence(redis, nodeId, FAST);
    }

    @Override
    protected void closeResources() throws Exception {
        for (AutoCloseable c : opened.reversed()) c.close();
    }
}
