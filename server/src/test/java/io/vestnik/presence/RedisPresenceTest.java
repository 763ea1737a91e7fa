package io.vestnik.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.redis.RedisConnections;
import io.vestnik.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The shared presence contract on the shared Redis, plus surviving a Redis outage. */
class RedisPresenceTest extends SharedPresenceContract {
    private final List<AutoCloseable> opened = new ArrayList<>();

    @Override
    protected SharedPresence newPresence(String nodeId) {
        RedisConnections redis = new RedisConnections(RedisServer.SHARED_URL);
        opened.add(redis);
        return new RedisPresence(redis, nodeId, FAST);
    }

    @Override
    protected void closeResources() throws Exception {
        for (AutoCloseable c : opened.reversed()) c.close();
    }

    @Test
    void survives_a_redis_outage_without_throwing_and_restores_its_connections_after() throws Exception {
        try (RedisServer server = RedisServer.start(); RedisConnections redis = new RedisConnections(server.url())) {
            RedisPresence node = new RedisPresence(redis, nodeId + "-c", FAST);
            Set<Long> cameOnline = ConcurrentHashMap.newKeySet();
            node.listen((userId, online) -> { if (online) cameOnline.add(userId); });
            long before = freshUser();
            long during = freshUser();
            assertThat(node.connected(before, nodeId + "-c:1")).isTrue();

            server.stop();
            assertThat(node.connected(during, nodeId + "-c:2")).as("no transition reported, nothing thrown").isFalse();
            assertThat(node.disconnected(before, nodeId + "-c:1")).isFalse();
            assertThat(node.online(List.of(before, during))).as("this node's own connections meanwhile").containsExactly(during);

            server.launch();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (!cameOnline.contains(during) && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(cameOnline).as("the empty restarted Redis learns the node's connections, announced once").containsExactly(during);
            assertThat(node.online(List.of(before, during))).containsExactly(during);
            node.close();
        }
    }
}
