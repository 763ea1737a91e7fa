package io.vestnik.presence;

import io.vestnik.redis.RedisConnections;
import io.vestnik.testing.RedisClusterPerClass;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shared presence contract on a real three-master Redis Cluster (every script on one slot). */
class RedisClusterPresenceTest extends SharedPresenceContract {
    @RegisterExtension
    static final RedisClusterPerClass cluster = new RedisClusterPerClass();
    private final List<AutoCloseable> opened = new ArrayList<>();

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
