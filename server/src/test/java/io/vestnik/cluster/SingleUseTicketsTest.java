package io.vestnik.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.testing.Await;
import io.vestnik.testing.Cluster;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.NodeProcess;
import io.vestnik.testing.RawWebSocket;
import io.vestnik.testing.RedisServer;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two nodes sharing a Redis of their own: a ticket opens one connection on either node, and while
 * Redis is gone no ticket opens anything (503, not a replay let through), until it is back.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SingleUseTicketsTest {
    private static RedisServer redis;
    private static Cluster cluster;

    @BeforeAll
    static void startCluster() {
        redis = RedisServer.start();
        cluster = Cluster.start(2, Map.of("VESTNIK_REDIS_URL", redis.url()));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) cluster.close();
        redis.close();
    }

    @Test
    void a_ticket_used_on_one_node_is_refused_on_the_other() {
        NodeProcess a = cluster.node(0);
        NodeProcess b = cluster.node(1);
        User alice = a.http().register("alice");
        String ticket = a.http().ticket(alice);
        assertThat(upgradeStatus(a, ticket)).as("first use, on node A").isEqualTo(101);
        assertThat(upgradeStatus(b, ticket)).as("second use, on node B").isEqualTo(401);
        assertThat(upgradeStatus(b, b.http().ticket(alice))).as("a new ticket, on node B").isEqualTo(101);
    }

    @Test
    void while_redis_is_down_tickets_are_refused_with_503_and_work_again_once_it_is_back() {
        NodeProcess a = cluster.node(0);
        User bob = a.http().register("bob");
        redis.stop();
        try {
            assertThat(upgradeStatus(a, a.http().ticket(bob))).as("fails closed, as a retryable refusal").isEqualTo(503);
        } finally {
            redis.launch();
        }
        Await.until("a fresh ticket upgrades again", Duration.ofSeconds(30), () -> upgradeStatus(a, a.http().ticket(bob)) == 101);
    }

    private static int upgradeStatus(NodeProcess node, String ticket) {
        try (RawWebSocket raw = RawWebSocket.open("127.0.0.1", node.port(), "/ws?ticket=" + ticket, 0)) {
            return raw.statusCode();
        } catch (IOException e) {
            throw new AssertionError("upgrade request failed", e);
        }
    }
}
