package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.testing.HttpApi;
import io.vestnik.testing.PostgresDatabase;
import io.vestnik.testing.RedisServerProcess;
import io.vestnik.testing.TestNode;
import io.vestnik.testing.WsClient;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two nodes on one database behind an imagined load balancer: a user on one node receives, once,
 * what a user on the other sends (R14 over Redis, R16 over PostgreSQL). A private Redis keeps
 * other test runs' chat ids, which start at 1 in every fresh database, off these channels.
 */
@Timeout(60)
class SeveralNodesTest {

    @Test
    void a_message_sent_on_one_node_reaches_the_other_over_redis() {
        try (RedisServerProcess redis = new RedisServerProcess()) {
            deliversAcrossNodes(Map.of("VESTNIK_BROKER", "redis", "VESTNIK_REDIS_URL", redis.url()));
        }
    }

    @Test
    void a_message_sent_on_one_node_reaches_the_other_over_postgres() {
        deliversAcrossNodes(Map.of("VESTNIK_BROKER", "postgres"));
    }

    private static void deliversAcrossNodes(Map<String, String> broker) {
        try (PostgresDatabase database = PostgresDatabase.create();
             TestNode first = TestNode.start(TestNode.Storage.SQLITE, env(broker, database, "node-one"));
             TestNode second = TestNode.start(TestNode.Storage.SQLITE, env(broker, database, "node-two"))) {
            HttpApi.User alice = first.http().register("alice");
            HttpApi.User bob = second.http().register("bob");
            long chat = first.http().directChat(alice, bob);
            try (WsClient bobWs = WsClient.connect(second, bob)) {
                bobWs.next("connected");
                // Known gap: a networked broker subscribes asynchronously, so "connected" can come
                // before node two listens to the chat; until Broker.subscribe reports completion,
                // give it the time a LISTEN or SUBSCRIBE takes.
                pause();

                first.http().send(alice, chat, "c1", "hello from node one");

                assertThat(bobWs.next("new_message").path("message").path("body").asText()).isEqualTo("hello from node one");
                assertThat(bobWs.drain("new_message")).isEmpty();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> env(Map<String, String> broker, PostgresDatabase database, String nodeId) {
        Map<String, String> env = new HashMap<>(broker);
        env.put("VESTNIK_DATABASE_URL", database.url());
        env.put("VESTNIK_NODE_ID", nodeId);
        env.put("VESTNIK_JWT_SECRET", "several-nodes-test-secret-that-is-long-enough-for-hs256-0123456789");
        return env;
    }
}
