package io.vestnik.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.Cluster;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.SseClient;
import io.vestnik.testing.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three node processes behave, to clients connected anywhere, exactly like one node. Run once
 * per cross-node broker.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class ClusterContract {
    static Cluster cluster;

    @AfterAll
    static void stopCluster() {
        if (cluster != null) cluster.close();
    }

    static HttpApi http(int node) {
        return cluster.node(node).http();
    }

    static WsClient connect(int node, User user) {
        WsClient ws = WsClient.connect(cluster.node(node), user);
        ws.next("connected");
        return ws;
    }

    @Test
    void each_node_reports_its_own_server_id_and_accepts_every_nodes_tokens() {
        User alice = http(0).register("alice");
        for (int node = 0; node < 3; node++) {
            assertThat(http(node).get("/api/v1/users/me", alice.token()).status()).isEqualTo(200);
            try (WsClient ws = WsClient.connect(cluster.node(node), alice)) {
                assertThat(ws.next("connected").path("server_id").asText()).isEqualTo(cluster.node(node).nodeId());
            }
        }
    }

    @Test
    void messages_sent_on_every_node_reach_every_member_once_in_seq_order() throws Exception {
        List<User> users = List.of(http(0).register("alice"), http(1).register("bob"), http(2).register("carol"));
        long chat = http(0).post("/api/v1/chats", users.get(0).token(), Map.of("kind", "group", "title", "Three nodes",
                "member_ids", List.of(users.get(1).id(), users.get(2).id()))).json().path("chat").path("id").asLong();
        int perSender = 30;
        List<WsClient> sockets = new ArrayList<>();
        for (int i = 0; i < 3; i++) sockets.add(connect(i, users.get(i)));
        try {
            List<Thread> senders = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                WsClient ws = sockets.get(i);
                String sender = users.get(i).username();
                senders.add(Thread.ofVirtual().start(() -> {
                    for (int n = 0; n < perSender; n++) {
                        ws.send(Map.of("type", "send", "chat_id", chat, "client_id", sender + "-" + n, "body", sender + " " + n));
                    }
                }));
            }
            for (Thread t : senders) t.join();
            for (WsClient ws : sockets) {
                List<Long> acked = seqs(ws.take("ack", perSender));
                List<Long> delivered = seqs(ws.take("new_message", 2 * perSender));
                assertThat(delivered).as("delivered in seq order").isSorted().doesNotHaveDuplicates();
                List<Long> all = new ArrayList<>(acked);
                all.addAll(delivered);
                assertThat(all).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 3L * perSender).boxed().toList());
            }
            sockets.getFirst().send(Map.of("type", "ping"));
            sockets.getFirst().next("pong");
            for (WsClient ws : sockets) assertThat(ws.drain("new_message")).as("no duplicates later").isEmpty();
        } finally {
            sockets.forEach(WsClient::close);
        }
    }

    @Test
    void sse_and_polls_resume_on_any_node_with_every_message_once_in_order() {
        User alice = http(0).register("alice");
        User bob = http(1).register("bob");
        long chat = http(0).directChat(alice, bob);
        List<Long> seen = new ArrayList<>();
        String cursor;
        try (SseClient sse = SseClient.open(cluster.node(0).baseUrl(), alice.token(), null)) {
            sse.next("connected");
            for (int n = 1; n <= 5; n++) http(1).send(bob, chat, "s" + n, "to the stream on node 0");
            seen.addAll(seqs(sse.take("new_message", 5)));
            cursor = sse.lastEventId();
        }
        for (int n = 6; n <= 10; n++) http(2).send(bob, chat, "s" + n, "while the stream was away");
        try (SseClient sse = SseClient.open(cluster.node(1).baseUrl(), alice.token(), cursor)) {
            sse.next("connected");
            seen.addAll(seqs(sse.take("new_message", 5)));
            http(2).send(bob, chat, "s11", "live, from another node");
            seen.addAll(seqs(sse.take("new_message", 1)));
            cursor = sse.lastEventId();
        }
        for (int round = 0; round < 6; round++) {
            http((round + 1) % 3).send(bob, chat, "p" + round, "polled on node " + round % 3);
            JsonNode answer = http(round % 3).get("/api/v1/events/poll?timeout=5&cursor=" + cursor, alice.token()).json();
            for (JsonNode event : answer.path("events")) {
                if (event.path("type").asText().equals("new_message")) seen.add(event.path("message").path("seq").asLong());
            }
            cursor = answer.path("cursor").asText();
        }
        assertThat(seen).containsExactlyElementsOf(LongStream.rangeClosed(1, 17).boxed().toList());
    }

    @Test
    void typing_and_read_receipts_cross_nodes() {
        User alice = http(0).register("alice");
        User bob = http(1).register("bob");
        long chat = http(0).directChat(alice, bob);
        http(2).send(alice, chat, "t1", "hello");
        try (WsClient aliceWs = connect(0, alice); WsClient bobWs = connect(1, bob)) {
            aliceWs.send(Map.of("type", "typing", "chat_id", chat, "is_typing", true));
            assertThat(bobWs.next("typing").path("user_id").asLong()).isEqualTo(alice.id());
            bobWs.send(Map.of("type", "mark_read", "chat_id", chat, "seq", 1));
            JsonNode receipt = aliceWs.next("message_read");
            assertThat(receipt.path("read_by").asLong()).isEqualTo(bob.id());
            assertThat(receipt.path("seq").asLong()).isEqualTo(1);
        }
    }

    @Test
    void a_reaction_made_on_one_node_reaches_every_members_devices_on_every_node_once() {
        User alice = http(0).register("alice");
        User bob = http(1).register("bob");
        long chat = http(0).directChat(alice, bob);
        long seq = http(2).send(alice, chat, "r1", "lunch?").path("seq").asLong();
        try (WsClient alicePhone = connect(0, alice); WsClient aliceLaptop = connect(2, alice); WsClient bobWs = connect(1, bob)) {
            bobWs.send(Map.of("type", "reaction", "chat_id", chat, "seq", seq, "emoji", "🍕", "added", true));
            bobWs.send(Map.of("type", "reaction", "chat_id", chat, "seq", seq, "emoji", "🍕", "added", true));
            bobWs.send(Map.of("type", "reaction", "chat_id", chat, "seq", seq, "emoji", "🍕", "added", false));
            for (WsClient ws : List.of(alicePhone, aliceLaptop, bobWs)) {
                assertThat(ws.take("reaction", 2)).extracting(e -> e.path("added").asBoolean())
                        .as("the add, then the removal; the repeat published nothing").containsExactly(true, false);
            }
            assertThat(http(2).get("/api/v1/chats/" + chat + "/messages", alice.token()).json()
                    .path("messages").get(0).path("reactions")).isEmpty();
        }
    }

    @Test
    void logout_on_one_node_closes_the_sessions_socket_on_another_and_every_node_refuses_the_token() {
        User alice = http(0).register("alice");
        try (WsClient ws = connect(0, alice)) {
            assertThat(http(1).post("/api/v1/auth/logout", alice.token(), null).status()).isEqualTo(204);
            assertThat(ws.closeCode()).isEqualTo(4001);
            for (int node = 0; node < 3; node++) {
                assertThat(http(node).get("/api/v1/users/me", alice.token()).status()).isEqualTo(401);
            }
        }
    }

    @Test
    void a_member_added_on_one_node_receives_live_messages_on_another() {
        User owner = http(0).register("owner");
        User late = http(2).register("late");
        long chat = http(0).post("/api/v1/chats", owner.token(), Map.of("kind", "group", "title", "Later",
                "member_ids", List.of())).json().path("chat").path("id").asLong();
        try (WsClient lateWs = connect(2, late)) {
            http(1).post("/api/v1/chats/" + chat + "/members", owner.token(), Map.of("user_id", late.id()));
            assertThat(lateWs.next("chat_updated").path("chat").path("id").asLong()).isEqualTo(chat);
            http(0).send(owner, chat, "w1", "welcome");
            assertThat(lateWs.next("new_message").path("message").path("body").asText()).isEqualTo("welcome");
        }
    }

    @Test
    void a_node_receives_only_the_events_of_chats_its_users_are_in() {
        // users[node][i]: two users connected to each node
        User[][] users = new User[3][2];
        List<WsClient> sockets = new ArrayList<>();
        try {
            for (int node = 0; node < 3; node++) {
                for (int i = 0; i < 2; i++) {
                    users[node][i] = http(node).register("n" + node + "u" + i);
                    sockets.add(connect(node, users[node][i]));
                }
            }
            // Two-member groups: the same routing as direct chats, without delivered ticks to count.
            long[] local = new long[3];
            for (int node = 0; node < 3; node++) local[node] = pair(users[node][0], users[node][1]);
            long across = pair(users[0][0], users[1][0]);
            for (int i = 0; i < sockets.size(); i++) sockets.get(i).take("chat_updated", i == 0 || i == 2 ? 2 : 1);
            double[] before = received();
            int perChat = 20;
            for (int n = 0; n < perChat; n++) {
                for (int node = 0; node < 3; node++) http(node).send(users[node][0], local[node], "l" + n, "local " + n);
                http(0).send(users[0][0], across, "x" + n, "across " + n);
            }
            for (WsClient ws : sockets) ws.take("new_message", ws == sockets.get(0) || ws == sockets.get(2) ? 2 * perChat : perChat);
            double[] after = received();
            double[] expected = {2 * perChat, 2 * perChat, perChat};
            for (int node = 0; node < 3; node++) {
                assertThat(after[node] - before[node]).as("envelopes received by node %d", node).isEqualTo(expected[node]);
            }
            System.out.printf("routing: published %d messages; received per node %s; a flooding broker would deliver %d to each%n",
                    4 * perChat, java.util.Arrays.toString(new double[] {after[0] - before[0], after[1] - before[1],
                            after[2] - before[2]}), 4 * perChat);
        } finally {
            sockets.forEach(WsClient::close);
        }
    }

    private static long pair(User owner, User other) {
        return http(0).post("/api/v1/chats", owner.token(), Map.of("kind", "group", "title", "pair",
                "member_ids", List.of(other.id()))).json().path("chat").path("id").asLong();
    }

    /** Each node's count of envelopes received from the broker, from its /metrics. */
    private static double[] received() {
        double[] counts = new double[3];
        for (int node = 0; node < 3; node++) {
            String text = http(node).get("/metrics", null).text();
            counts[node] = text.lines().filter(l -> l.startsWith("vestnik_broker_received_total{"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        }
        return counts;
    }

    static List<Long> seqs(List<JsonNode> frames) {
        return frames.stream().map(f -> f.path("message").path("seq").asLong()).toList();
    }
}
