package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.TestNode;
import io.vestnik.testing.WsClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a chat between people promises, driven over real HTTP and WebSocket against a real node.
 * Run once per storage engine.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class ChatFlowContract {
    static TestNode node;
    static HttpApi http;

    static void startNode(TestNode.Storage storage) {
        node = TestNode.start(storage, Map.of("VESTNIK_TYPING_TIMEOUT", "300ms"));
        http = node.http();
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void delivers_to_every_member_device_and_acks_the_sending_socket_only() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        try (WsClient aliceWs = WsClient.connect(node, alice);
             WsClient aliceOtherDevice = WsClient.connect(node, alice);
             WsClient bobWs = WsClient.connect(node, bob)) {
            for (WsClient ws : List.of(aliceWs, aliceOtherDevice, bobWs)) ws.next("connected");
            aliceWs.send(Map.of("type", "send", "chat_id", chat, "client_id", "m1", "body", "hi bob"));

            JsonNode ack = aliceWs.next("ack");
            assertThat(ack.path("client_id").asText()).isEqualTo("m1");
            assertThat(ack.path("message").path("seq").asLong()).isEqualTo(1);
            assertThat(bobWs.next("new_message").path("message").path("body").asText()).isEqualTo("hi bob");
            assertThat(aliceOtherDevice.next("new_message").path("message").path("seq").asLong()).isEqualTo(1);
            aliceWs.send(Map.of("type", "ping"));
            aliceWs.next("pong");
            assertThat(aliceWs.drain("new_message")).isEmpty();
        }
    }

    @Test
    void sends_in_flight_together_on_one_socket_are_stored_and_answered_in_the_order_sent() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        int count = 200;
        try (WsClient aliceWs = WsClient.connect(node, alice); WsClient bobWs = WsClient.connect(node, bob)) {
            aliceWs.next("connected");
            bobWs.next("connected");
            for (int n = 0; n < count; n++) {
                if (n == count / 2) aliceWs.send(Map.of("type", "send", "chat_id", chat, "client_id", "bad"));
                aliceWs.send(Map.of("type", "send", "chat_id", chat, "client_id", "p" + n, "body", "in flight " + n));
            }
            List<String> expected = java.util.stream.IntStream.range(0, count).mapToObj(n -> "p" + n).toList();
            List<JsonNode> acks = aliceWs.take("ack", count);
            assertThat(acks).extracting(f -> f.path("client_id").asText()).containsExactlyElementsOf(expected);
            assertThat(acks).extracting(f -> f.path("message").path("seq").asLong())
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, count).boxed().toList());
            assertThat(aliceWs.next("error").path("client_id").asText()).isEqualTo("bad");
            assertThat(bobWs.take("new_message", count)).extracting(f -> f.path("message").path("client_id").asText())
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void a_repeated_client_id_returns_the_first_message_and_is_delivered_once() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        try (WsClient aliceWs = WsClient.connect(node, alice); WsClient bobWs = WsClient.connect(node, bob)) {
            bobWs.next("connected");
            aliceWs.next("connected");
            Map<String, Object> send = Map.of("type", "send", "chat_id", chat, "client_id", "same", "body", "once");
            aliceWs.send(send);
            aliceWs.send(send);
            long first = aliceWs.next("ack").path("message").path("id").asLong();
            long second = aliceWs.next("ack").path("message").path("id").asLong();
            assertThat(second).isEqualTo(first);

            HttpApi.Response retry = http.post("/api/v1/chats/" + chat + "/messages", alice.token(),
                    Map.of("client_id", "same", "body", "once"));
            assertThat(retry.status()).isEqualTo(200);
            assertThat(retry.json().path("message").path("id").asLong()).isEqualTo(first);
            http.send(alice, chat, "marker", "after");
            List<JsonNode> received = bobWs.take("new_message", 2);
            assertThat(received).extracting(f -> f.path("message").path("body").asText()).containsExactly("once", "after");
            assertThat(history(alice, chat)).hasSize(2);
        }
    }

    @Test
    void resume_replays_every_missed_message_in_seq_order_then_says_resumed() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        http.send(alice, chat, "a1", "seen");
        for (int i = 2; i <= 30; i++) http.send(alice, chat, "a" + i, "missed " + i);
        try (WsClient bobWs = WsClient.connect(node, bob)) {
            bobWs.next("connected");
            bobWs.send(Map.of("type", "resume", "positions", Map.of(Long.toString(chat), 1)));
            bobWs.next("resumed");
            List<JsonNode> replayed = bobWs.drain("new_message");
            assertThat(replayed).extracting(f -> f.path("message").path("seq").asLong())
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(2, 30).boxed().toList());
            http.send(alice, chat, "a31", "live");
            assertThat(bobWs.next("new_message").path("message").path("seq").asLong()).isEqualTo(31);
        }
    }

    @Test
    void typing_reaches_the_chat_and_the_server_clears_it_when_not_renewed() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        try (WsClient aliceWs = WsClient.connect(node, alice); WsClient bobWs = WsClient.connect(node, bob)) {
            bobWs.next("connected");
            aliceWs.next("connected");
            aliceWs.send(Map.of("type", "typing", "chat_id", chat, "is_typing", true));
            JsonNode typing = bobWs.next("typing");
            assertThat(typing.path("user_id").asLong()).isEqualTo(alice.id());
            assertThat(typing.path("is_typing").asBoolean()).isTrue();
            JsonNode cleared = bobWs.next("typing");
            assertThat(cleared.path("is_typing").asBoolean()).isFalse();
        }
    }

    @Test
    void read_position_moves_forward_only_syncs_devices_and_drives_unread_counts() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        for (int i = 1; i <= 3; i++) http.send(alice, chat, "r" + i, "msg " + i);
        assertThat(http.get("/api/v1/unread", bob.token()).json().path("total").asLong()).isEqualTo(3);
        try (WsClient bobPhone = WsClient.connect(node, bob); WsClient bobLaptop = WsClient.connect(node, bob);
             WsClient aliceWs = WsClient.connect(node, alice)) {
            for (WsClient ws : List.of(bobPhone, bobLaptop, aliceWs)) ws.next("connected");
            bobPhone.send(Map.of("type", "mark_read", "chat_id", chat, "seq", 2));
            assertThat(bobLaptop.next("message_read").path("seq").asLong()).isEqualTo(2);
            JsonNode receipt = aliceWs.next("message_read");
            assertThat(receipt.path("read_by").asLong()).isEqualTo(bob.id());
            HttpApi.Response back = http.post("/api/v1/chats/" + chat + "/read", bob.token(), Map.of("seq", 1));
            assertThat(back.json().path("last_read_seq").asLong()).isEqualTo(2);
        }
        JsonNode unread = http.get("/api/v1/unread", bob.token()).json();
        assertThat(unread.path("total").asLong()).isEqualTo(1);
        assertThat(http.get("/api/v1/chats/" + chat, bob.token()).json().path("chat").path("unread_count").asLong()).isEqualTo(1);
    }

    @Test
    void presence_goes_offline_only_when_the_last_connection_closes() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        http.directChat(alice, bob);
        try (WsClient bobWs = WsClient.connect(node, bob)) {
            bobWs.next("connected");
            WsClient phone = WsClient.connect(node, alice);
            WsClient laptop = WsClient.connect(node, alice);
            phone.next("connected");
            laptop.next("connected");
            JsonNode online = bobWs.next("presence");
            assertThat(online.path("user_id").asLong()).isEqualTo(alice.id());
            assertThat(online.path("online").asBoolean()).isTrue();
            phone.close();
            assertThat(phone.closeCode()).isEqualTo(1000);
            assertThat(onlineOf(bob, alice)).isTrue();
            laptop.close();
            JsonNode offline = bobWs.next("presence");
            assertThat(offline.path("user_id").asLong()).isEqualTo(alice.id());
            assertThat(offline.path("online").asBoolean()).as(offline.toString()).isFalse();
            assertThat(offline.path("last_seen").isTextual()).isTrue();
            assertThat(onlineOf(bob, alice)).isFalse();
            assertThat(bobWs.drain("presence")).isEmpty();
        }
    }

    @Test
    void logout_refuses_the_token_and_closes_that_sessions_socket_with_4001() {
        User alice = http.register("alice");
        User aliceElsewhere = http.login(alice.username());
        try (WsClient revoked = WsClient.connect(node, alice); WsClient kept = WsClient.connect(node, aliceElsewhere)) {
            revoked.next("connected");
            kept.next("connected");
            assertThat(http.post("/api/v1/auth/logout", alice.token(), null).status()).isEqualTo(204);
            assertThat(revoked.closeCode()).isEqualTo(4001);
            assertThat(http.get("/api/v1/users/me", alice.token()).status()).isEqualTo(401);
            assertThat(http.post("/api/v1/ws-ticket", alice.token(), null).status()).isEqualTo(401);
            kept.send(Map.of("type", "ping"));
            kept.next("pong");
            assertThat(http.get("/api/v1/users/me", aliceElsewhere.token()).status()).isEqualTo(200);
        }
    }

    @Test
    void edits_and_deletes_reach_members_and_leave_a_tombstone() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        http.send(alice, chat, "e1", "tpyo");
        try (WsClient bobWs = WsClient.connect(node, bob)) {
            bobWs.next("connected");
            HttpApi.Response edited = http.patch("/api/v1/chats/" + chat + "/messages/1", alice.token(), Map.of("body", "typo"));
            assertThat(edited.status()).isEqualTo(200);
            assertThat(bobWs.next("message_updated").path("message").path("body").asText()).isEqualTo("typo");
            assertThat(http.delete("/api/v1/chats/" + chat + "/messages/1", alice.token()).status()).isEqualTo(204);
            assertThat(bobWs.next("message_deleted").path("seq").asLong()).isEqualTo(1);
        }
        JsonNode tombstone = history(bob, chat).getFirst();
        assertThat(tombstone.path("deleted").asBoolean()).isTrue();
        assertThat(tombstone.path("body").asText()).isEmpty();
    }

    @Test
    void a_restart_closes_sockets_with_1012_keeps_all_state_and_seq_continues_without_reuse() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        http.send(alice, chat, "s1", "one");
        http.send(alice, chat, "s2", "two");
        http.patch("/api/v1/chats/" + chat + "/messages/1", alice.token(), Map.of("body", "one, edited"));
        http.delete("/api/v1/chats/" + chat + "/messages/2", alice.token());
        http.post("/api/v1/chats/" + chat + "/read", bob.token(), Map.of("seq", 1));
        WsClient connected = WsClient.connect(node, bob);
        connected.next("connected");

        node.restart();

        assertThat(connected.closeCode()).as("clients are asked to reconnect").isEqualTo(1012);

        List<JsonNode> messages = history(bob, chat);
        assertThat(messages).extracting(m -> m.path("body").asText()).containsExactly("one, edited", "");
        assertThat(messages.get(1).path("deleted").asBoolean()).isTrue();
        assertThat(http.get("/api/v1/chats/" + chat, bob.token()).json().path("chat").path("unread_count").asLong()).isZero();
        assertThat(http.send(alice, chat, "s3", "three").path("seq").asLong()).isEqualTo(3);
        assertThat(http.get("/api/v1/unread", bob.token()).json().path("total").asLong()).isEqualTo(1);
    }

    @Test
    void a_group_member_added_later_receives_live_messages_at_once() {
        User owner = http.register("owner");
        User late = http.register("late");
        HttpApi.Response group = http.post("/api/v1/chats", owner.token(),
                Map.of("kind", "group", "title", "Team", "member_ids", List.of()));
        long chat = group.json().path("chat").path("id").asLong();
        try (WsClient lateWs = WsClient.connect(node, late)) {
            lateWs.next("connected");
            assertThat(http.post("/api/v1/chats/" + chat + "/members", owner.token(), Map.of("user_id", late.id())).status())
                    .isEqualTo(200);
            assertThat(lateWs.next("chat_updated").path("chat").path("id").asLong()).isEqualTo(chat);
            http.send(owner, chat, "g1", "welcome");
            assertThat(lateWs.next("new_message").path("message").path("body").asText()).isEqualTo("welcome");
        }
    }

    @Test
    void the_sender_learns_a_message_was_delivered_also_when_the_recipient_comes_online_later() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        try (WsClient aliceWs = WsClient.connect(node, alice)) {
            aliceWs.next("connected");
            aliceWs.send(Map.of("type", "send", "chat_id", chat, "client_id", "d1", "body", "are you there?"));
            aliceWs.next("ack");
            try (WsClient bobWs = WsClient.connectResuming(node, bob)) {
                bobWs.next("connected");
                bobWs.send(Map.of("type", "resume", "positions", Map.of(Long.toString(chat), 0)));
                bobWs.next("new_message");
                JsonNode delivered = aliceWs.next("message_delivered");
                assertThat(delivered.path("user_id").asLong()).isEqualTo(bob.id());
                assertThat(delivered.path("seq").asLong()).isEqualTo(1);
                aliceWs.send(Map.of("type", "send", "chat_id", chat, "client_id", "d2", "body", "live now"));
                bobWs.next("new_message");
                assertThat(aliceWs.next("message_delivered").path("seq").asLong()).isEqualTo(2);
            }
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void resume_after_10000_missed_messages_delivers_all_in_order_with_live_ones_sent_meanwhile() throws Exception {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        int missed = 10_000;
        int meanwhile = 200;
        concurrently(8, missed, n -> http.send(alice, chat, "gap-" + n, "while bob was away " + n));
        try (WsClient bobWs = WsClient.connectResuming(node, bob)) {
            bobWs.next("connected");
            Thread live = Thread.ofVirtual().start(() -> {
                for (int n = 0; n < meanwhile; n++) http.send(alice, chat, "live-" + n, "during the replay " + n);
            });
            bobWs.send(Map.of("type", "resume", "positions", Map.of(Long.toString(chat), 0)));
            List<JsonNode> received = bobWs.take("new_message", missed + meanwhile);
            live.join();
            assertThat(received).extracting(f -> f.path("message").path("seq").asLong())
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, missed + meanwhile).boxed().toList());
            bobWs.send(Map.of("type", "ping"));
            bobWs.next("pong");
            assertThat(bobWs.drain("new_message")).as("nothing twice").isEmpty();
        }
    }

    /** Runs {@code count} calls of {@code task} on {@code threads} threads and waits for all. */
    private static void concurrently(int threads, int count, java.util.function.IntConsumer task) throws Exception {
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> workers = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofVirtual().start(() -> {
                for (int n = next.getAndIncrement(); n < count; n = next.getAndIncrement()) task.accept(n);
            }));
        }
        for (Thread worker : workers) worker.join();
    }

    private static List<JsonNode> history(User reader, long chat) {
        JsonNode page = http.get("/api/v1/chats/" + chat + "/messages", reader.token()).json();
        return java.util.stream.StreamSupport.stream(page.path("messages").spliterator(), false).toList();
    }

    private static boolean onlineOf(User asker, User subject) {
        return http.get("/api/v1/presence?user_ids=" + subject.id(), asker.token()).json()
                .path("presence").get(0).path("online").asBoolean();
    }
}
