package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.SseClient;
import io.vestnik.testing.TestNode;
import io.vestnik.testing.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fallback transports — Server-Sent Events and long polling — keep the WebSocket's promise:
 * every message once, in seq order, resumed from a cursor after any absence.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventStreamsTest {
    static TestNode node;
    static HttpApi http;

    @BeforeAll
    static void startNode() {
        node = TestNode.start(TestNode.Storage.SQLITE, Map.of("VESTNIK_TYPING_TIMEOUT", "5s"));
        http = node.http();
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void sse_carries_the_websocket_events_and_ids_only_on_what_moves_the_cursor() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        try (SseClient sse = SseClient.open(node.baseUrl(), alice.token(), null)) {
            assertThat(sse.status()).isEqualTo(200);
            assertThat(sse.next("connected").path("user_id").asLong()).isEqualTo(alice.id());
            String atConnect = sse.lastEventId();
            assertThat(atConnect).isNotEmpty();

            http.post("/api/v1/chats/" + chat + "/typing", bob.token(), Map.of("is_typing", true));
            assertThat(sse.next("typing").path("user_id").asLong()).isEqualTo(bob.id());
            assertThat(sse.lastEventId()).as("typing is not part of the resumable stream").isEqualTo(atConnect);

            http.send(bob, chat, "m1", "hello over SSE");
            assertThat(sse.next("new_message").path("message").path("body").asText()).isEqualTo("hello over SSE");
            assertThat(sse.lastEventId()).isNotEqualTo(atConnect);
        }
    }

    @Test
    void sse_resumes_after_last_event_id_with_every_missed_message_once_in_order() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        String lastSeen;
        try (SseClient sse = SseClient.open(node.baseUrl(), alice.token(), null)) {
            sse.next("connected");
            for (int n = 1; n <= 3; n++) http.send(bob, chat, "a" + n, "before " + n);
            assertThat(seqs(sse.take("new_message", 3))).containsExactly(1L, 2L, 3L);
            lastSeen = sse.lastEventId();
        }
        int missed = 1_200; // more than two storage pages of the replay
        for (int n = 1; n <= missed; n++) http.send(bob, chat, "b" + n, "while away " + n);

        try (SseClient sse = SseClient.open(node.baseUrl(), alice.token(), lastSeen)) {
            sse.next("connected");
            List<JsonNode> replayed = sse.take("new_message", missed);
            assertThat(seqs(replayed)).containsExactlyElementsOf(range(4, 3 + missed));
            http.send(bob, chat, "live", "after the replay");
            assertThat(sse.next("new_message").path("message").path("seq").asLong()).isEqualTo(4 + missed);
            http.send(bob, chat, "marker", "marker");
            assertThat(sse.next("new_message").path("message").path("client_id").asText()).isEqualTo("marker");
            assertThat(sse.drain("new_message")).as("nothing twice").isEmpty();
        }
    }

    @Test
    void a_stream_resumed_from_before_a_join_replays_the_new_chat_from_the_join() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long older = http.directChat(bob, alice);
        http.send(bob, older, "old", "seen before the stream began");
        String atConnect;
        try (SseClient sse = SseClient.open(node.baseUrl(), alice.token(), null)) {
            sse.next("connected");
            atConnect = sse.lastEventId();
        }
        long group = groupWith(bob, "later", List.of());
        http.send(bob, group, "g1", "before alice joined");
        http.post("/api/v1/chats/" + group + "/members", bob.token(), Map.of("user_id", alice.id()));
        http.send(bob, group, "g2", "after alice joined");

        try (SseClient sse = SseClient.open(node.baseUrl(), alice.token(), atConnect)) {
            sse.next("connected");
            JsonNode replayed = sse.next("new_message");
            assertThat(replayed.path("message").path("client_id").asText()).isEqualTo("g2");
            http.send(bob, older, "mark", "marker");
            assertThat(sse.next("new_message").path("message").path("client_id").asText()).isEqualTo("mark");
            assertThat(sse.drain("new_message")).isEmpty();
        }
    }

    @Test
    void event_ids_stay_short_however_many_chats_move() {
        User alice = http.register("alice");
        List<Long> chats = LongStream.range(0, 40).mapToObj(n -> groupWith(alice, "room " + n, List.of())).toList();
        String lastSeen;
        try (SseClient sse = SseClient.open(node.baseUrl(), alice.token(), null)) {
            sse.next("connected");
            for (long chat : chats) http.send(alice, chat, "c" + chat, "one message in each room");
            sse.take("new_message", chats.size());
            lastSeen = sse.lastEventId();
            assertThat(lastSeen.length()).as("a snapshot replaces the moved chats: " + lastSeen).isLessThan(200);
        }
        for (long chat : chats) http.send(alice, chat, "d" + chat, "while away");
        try (SseClient sse = SseClient.open(node.baseUrl(), alice.token(), lastSeen)) {
            sse.next("connected");
            List<JsonNode> replayed = sse.take("new_message", chats.size());
            assertThat(replayed).extracting(f -> f.path("message").path("seq").asLong()).containsOnly(2L);
            http.send(alice, chats.getFirst(), "e", "marker");
            assertThat(sse.next("new_message").path("message").path("client_id").asText()).isEqualTo("e");
            assertThat(sse.drain("new_message")).isEmpty();
        }
    }

    @Test
    void a_poll_without_a_cursor_waits_for_the_next_event_and_answers_with_a_cursor() throws Exception {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        CompletableFuture<HttpApi.Response> poll = CompletableFuture.supplyAsync(
                () -> http.get("/api/v1/events/poll?timeout=8", alice.token()));
        Thread.sleep(500);
        assertThat(poll).isNotDone();
        http.send(bob, chat, "p1", "to a poller");

        HttpApi.Response answer = poll.get(5, TimeUnit.SECONDS);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("events").get(0).path("type").asText()).isEqualTo("new_message");
        assertThat(answer.json().path("events").get(0).path("message").path("client_id").asText()).isEqualTo("p1");
        assertThat(answer.json().path("cursor").asText()).isNotEmpty();
    }

    @Test
    void polls_page_through_a_large_gap_and_a_quiet_poll_keeps_its_cursor() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = groupWith(bob, "no delivered ticks in groups", List.of(alice.id()));
        String cursor = poll(alice, null, 0).path("cursor").asText();
        int missed = 1_500;
        for (int n = 1; n <= missed; n++) http.send(bob, chat, "m" + n, "message " + n);

        JsonNode first = poll(alice, cursor, 0);
        JsonNode second = poll(alice, first.path("cursor").asText(), 0);
        JsonNode quiet = poll(alice, second.path("cursor").asText(), 1);

        List<Long> seqs = new java.util.ArrayList<>(seqs(list(first.path("events"))));
        assertThat(seqs).hasSize(1_000);
        seqs.addAll(seqs(list(second.path("events"))));
        assertThat(seqs).containsExactlyElementsOf(range(1, missed));
        assertThat(quiet.path("events")).isEmpty();
        assertThat(quiet.path("cursor").asText()).isEqualTo(second.path("cursor").asText());
    }

    @Test
    void a_poller_counts_as_online() throws Exception {
        User alice = http.register("alice");
        User bob = http.register("bob");
        http.directChat(alice, bob);
        poll(alice, null, 0);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        boolean online = false;
        while (!online && System.nanoTime() < deadline) {
            Thread.sleep(50);
            online = http.get("/api/v1/presence?user_ids=" + alice.id(), bob.token()).json()
                    .path("presence").get(0).path("online").asBoolean();
        }
        assertThat(online).as("online after a poll, until it lingers out").isTrue();
    }

    @Test
    void refuses_bad_cursors_timeouts_and_missing_credentials_clearly() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        String bobsCursor = poll(bob, null, 0).path("cursor").asText();

        assertThat(http.get("/api/v1/events/poll?timeout=99", alice.token()).error()).isEqualTo("invalid_request");
        assertThat(http.get("/api/v1/events/poll?timeout=soon", alice.token()).error()).isEqualTo("invalid_request");
        assertThat(http.get("/api/v1/events/poll?cursor=not-a*cursor", alice.token()).error()).isEqualTo("invalid_request");
        HttpApi.Response stolen = http.get("/api/v1/events/poll?timeout=0&cursor=" + bobsCursor, alice.token());
        assertThat(stolen.status()).isEqualTo(410);
        assertThat(stolen.error()).isEqualTo("cursor_expired");
        assertThat(http.get("/api/v1/events/poll", null).status()).isEqualTo(401);
        try (SseClient unknown = SseClient.open(node.baseUrl(), alice.token(), "zzzzzz")) {
            assertThat(unknown.status()).isEqualTo(410);
        }
        try (SseClient anonymous = SseClient.open(node.baseUrl(), "not-a-token", null)) {
            assertThat(anonymous.status()).isEqualTo(401);
        }
    }

    @Test
    void logging_out_ends_the_sessions_streams_and_waiting_polls() throws Exception {
        User alice = http.register("alice");
        try (SseClient sse = SseClient.open(node.baseUrl(), alice.token(), null)) {
            sse.next("connected");
            CompletableFuture<HttpApi.Response> poll = CompletableFuture.supplyAsync(
                    () -> http.get("/api/v1/events/poll?timeout=8", alice.token()));
            Thread.sleep(500);
            assertThat(http.post("/api/v1/auth/logout", alice.token(), null).status()).isEqualTo(204);

            assertThat(sse.awaitEnd(Duration.ofSeconds(5))).isTrue();
            assertThat(poll.get(5, TimeUnit.SECONDS).status()).isEqualTo(401);
            try (SseClient again = SseClient.open(node.baseUrl(), alice.token(), sse.lastEventId())) {
                assertThat(again.status()).isEqualTo(401);
            }
        }
    }

    @Test
    void the_websocket_and_sse_see_the_same_messages() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        try (SseClient sse = SseClient.open(node.baseUrl(), alice.token(), null);
             WsClient ws = WsClient.connect(node, alice)) {
            sse.next("connected");
            ws.next("connected");
            for (int n = 1; n <= 20; n++) http.send(bob, chat, "w" + n, "both " + n);
            assertThat(seqs(sse.take("new_message", 20))).containsExactlyElementsOf(seqs(ws.take("new_message", 20)));
        }
    }

    private static JsonNode poll(User user, String cursor, int timeoutSeconds) {
        HttpApi.Response response = http.get("/api/v1/events/poll?timeout=" + timeoutSeconds
                + (cursor == null ? "" : "&cursor=" + cursor), user.token());
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    private static long groupWith(User owner, String title, List<Long> members) {
        HttpApi.Response r = http.post("/api/v1/chats", owner.token(), Map.of("kind", "group", "title", title, "member_ids", members));
        return r.json().path("chat").path("id").asLong();
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static List<Long> seqs(List<JsonNode> frames) {
        return frames.stream().map(f -> f.path("message").path("seq").asLong()).toList();
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }
}
