package io.vestnik.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.testing.Cluster;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.Nginx;
import io.vestnik.testing.RedisServer;
import io.vestnik.testing.WsClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three nodes behind the repository's nginx configuration, round-robin and without sticky
 * sessions: clients land on different nodes and still talk as if there were one.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LoadBalancerTest {
    private static RedisServer redis;
    private static Cluster cluster;
    private static Nginx nginx;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        cluster = Cluster.start(3, Map.of("VESTNIK_REDIS_URL", redis.url(), "VESTNIK_TRUSTED_PROXIES", "127.0.0.1"));
        nginx = Nginx.start(cluster.nodes());
    }

    @AfterAll
    static void stop() {
        if (nginx != null) nginx.close();
        if (cluster != null) cluster.close();
        if (redis != null) redis.close();
    }

    @Test
    void a_chat_flows_through_round_robin_across_every_node() {
        HttpApi http = nginx.http();
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        List<WsClient> bobDevices = new ArrayList<>();
        Set<String> servers = new HashSet<>();
        try {
            for (int i = 0; i < 6; i++) {
                WsClient device = open(http, bob);
                servers.add(device.next("connected").path("server_id").asText());
                bobDevices.add(device);
            }
            assertThat(servers).as("round-robin spreads sockets over the nodes").hasSize(3);
            try (WsClient aliceWs = open(http, alice)) {
                aliceWs.next("connected");
                for (int n = 1; n <= 5; n++) {
                    aliceWs.send(Map.of("type", "send", "chat_id", chat, "client_id", "lb-" + n, "body", "via nginx " + n));
                    aliceWs.next("ack");
                }
            }
            for (WsClient device : bobDevices) {
                assertThat(ClusterContract.seqs(device.take("new_message", 5))).containsExactly(1L, 2L, 3L, 4L, 5L);
            }
            assertThat(http.get("/api/v1/chats/" + chat + "/messages", bob.token()).json().path("messages").size()).isEqualTo(5);
        } finally {
            bobDevices.forEach(WsClient::close);
        }
    }

    private static WsClient open(HttpApi http, User user) {
        return WsClient.open(nginx.wsUrl() + "?ticket=" + http.ticket(user), Map.of());
    }
}
