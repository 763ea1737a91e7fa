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

/** The presence contract on the shared Redis, plus what only several nodes can show. */
class RedisPresenceTest extends PresenceContract {
    /** Short enough that a crashed node is swept within seconds. */
    private static final RedisPresence.Timing FAST =
            new RedisPresence.Timing(Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofMillis(300));

    private final List<AutoCloseable> opened = new ArrayList<>();

    @Override
    protected Presence newPresence(String nodeId) {
        RedisConnections redis = new RedisConnections(RedisServer.SHARED_URL);
        opened.add(redis);
        return new RedisPresence(redis, nodeId, FAST);
    }

    @Override
    protected void closeResources() throws Exception {
        for (AutoCloseable c : opened.reversed()) c.close();
    }

    @Test
    void two_nodes_share_presence() {
        Presence other = newPresence(nodeId + "-b");
        try {
            long user = freshUser();
            assertThat(presence.connected(user, nodeId + ":1")).isTrue();
            assertThat(other.connected(user, nodeId + "-b:1")).as("already online through the first node").isFalse();
            assertThat(other.online(List.of(user))).containsExactly(user);

            assertThat(presence.disconnected(user, nodeId + ":1")).as("still connected on the other node").isFalse();
            assertThat(presence.online(List.of(user))).containsExactly(user);
            assertThat(other.disconnected(user, nodeId + "-b:1")).isTrue();
            assertThat(presence.online(List.of(user))).isEmpty();
        } finally {
            other.close();
        }
    }

    @Test
    void a_crashed_nodes_users_go_offline_within_the_sweep_interval() throws Exception {
        RedisPresence doomed = (RedisPresence) newPresence(nodeId + "-doomed");
        Set<Long> sweptOffline = ConcurrentHashMap.newKeySet();
        presence.listen((userId, online) -> { if (!online) sweptOffline.add(userId); });
        long onlyThere = freshUser();
        long alsoHere = freshUser();
        doomed.connected(onlyThere, nodeId + "-doomed:1");
        doomed.connected(alsoHere, nodeId + "-doomed:2");
        presence.connected(alsoHere, nodeId + ":1");

        doomed.halt();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!sweptOffline.contains(onlyThere) && System.nanoTime() < deadline) Thread.sleep(50);

        assertThat(sweptOffline).as("announced through the listener, once, for the user only the crashed node held")
                .containsExactly(onlyThere);
        assertThat(presence.online(List.of(onlyThere, alsoHere))).containsExactly(alsoHere);
        assertThat(presence.disconnected(alsoHere, nodeId + ":1")).as("the crashed node's connection is gone").isTrue();
    }

    @Test
    void a_clean_close_reports_users_connected_only_here_as_offline() {
        Presence other = newPresence(nodeId + "-b");
        Set<Long> offline = ConcurrentHashMap.newKeySet();
        other.listen((userId, online) -> { if (!online) offline.add(userId); });
        long user = freshUser();
        other.connected(user, nodeId + "-b:1");
        other.close();
        assertThat(offline).containsExactly(user);
        assertThat(presence.online(List.of(user))).isEmpty();
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
