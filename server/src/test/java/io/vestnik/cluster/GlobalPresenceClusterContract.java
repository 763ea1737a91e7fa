package io.vestnik.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.WsClient;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three nodes whose presence is global: a user is offline only when their last connection anywhere
 * closes, and a crashed node's users go offline without any node shutting down cleanly. Run once
 * per presence store; subclasses start the cluster with {@code VESTNIK_PRESENCE_TTL=3s}. The kill
 * test runs last, since it leaves the cluster one node short.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class GlobalPresenceClusterContract extends ClusterContract {

    @Test
    @Order(1)
    void a_user_is_online_until_the_last_connection_on_any_node_closes() {
        User alice = http(0).register("alice");
        User bob = http(0).register("bob");
        http(0).directChat(alice, bob);
        try (WsClient bobWs = connect(2, bob)) {
            WsClient phone = connect(0, alice);
            WsClient laptop = connect(1, alice);
            assertThat(bobWs.next("presence").path("online").asBoolean()).isTrue();
            phone.close();
            assertThat(phone.closeCode()).isEqualTo(1000);
            assertThat(online(2, bob, alice)).isTrue();
            laptop.close();
            JsonNode offline = bobWs.next("presence");
            assertThat(offline.path("online").asBoolean()).isFalse();
            assertThat(online(1, bob, alice)).isFalse();
            assertThat(bobWs.drain("presence")).as("each transition announced once").isEmpty();
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void a_killed_nodes_users_go_offline_without_any_clean_shutdown() {
        User alice = http(0).register("alice");
        User bob = http(0).register("bob");
        http(0).directChat(alice, bob);
        try (WsClient bobWs = connect(0, bob)) {
            connect(2, alice);
            assertThat(bobWs.next("presence").path("online").asBoolean()).isTrue();
            long killedAt = System.nanoTime();
            cluster.node(2).kill();
            JsonNode offline = bobWs.next("presence", Duration.ofSeconds(90));
            assertThat(offline.path("user_id").asLong()).isEqualTo(alice.id());
            assertThat(offline.path("online").asBoolean()).isFalse();
            System.out.printf("kill -9 to offline: %d ms%n", (System.nanoTime() - killedAt) / 1_000_000);
        }
    }

    private static boolean online(int node, User asker, User subject) {
        return http(node).get("/api/v1/presence?user_ids=" + subject.id(), asker.token()).json()
                .path("presence").get(0).path("online").asBoolean();
    }
}
