package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.SseClient;
import io.vestnik.testing.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #14's delivery promise for changes (decision 0029), over real HTTP, WebSocket and SSE:
 * every edit, deletion, reaction and pin is a numbered entry of its chat's change log, reaches
 * every member device once in number order, and comes back after a disconnect — on resume with
 * the last change number seen, and from an SSE cursor — never ahead of the message it changes.
 * Run once per storage engine.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class ChangeLogContract extends FeaturesBase {
    private static final List<String> CHANGE_EVENTS = List.of("message_updated", "message_deleted", "reaction", "message_pinned");

    @Test
    void every_kind_of_change_reaches_every_member_device_once_in_change_order() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        long first = http.send(alice, chat, "m1", "first").path("seq").asLong();
        long second = http.send(alice, chat, "m2", "second").path("seq").asLong();
        try (WsClient aliceWs = WsClient.connect(node, alice); WsClient bobPhone = WsClient.connect(node, bob);
             WsClient bobLaptop = WsClient.connect(node, bob)) {
            List.of(aliceWs, bobPhone, bobLaptop).forEach(ws -> ws.next("connected"));
            makeFiveChanges(alice, bob, chat, first, second);
            for (WsClient ws : List.of(aliceWs, bobPhone, bobLaptop)) {
                List<JsonNode> changes = changes(ws, 5);
                assertThat(changes).extracting(c -> c.path("type").asText()).containsExactly(
                        "message_updated", "reaction", "message_pinned", "message_pinned", "message_deleted");
                assertThat(changes).extracting(c -> c.path("change").asLong()).containsExactly(1L, 2L, 3L, 4L, 5L);
                assertThat(changes).allSatisfy(c -> assertThat(c.path("chat_id").asLong()).isEqualTo(chat));
                assertThat(changes.get(0).path("message").path("body").asText()).isEqualTo("first, edited");
                assertThat(changes.get(1).path("emoji").asText()).isEqualTo("👍");
                assertThat(changes.get(2).path("pinned").asBoolean()).isTrue();
                assertThat(changes.get(4).path("seq").asLong()).isEqualTo(second);
            }
            http.send(alice, chat, "marker", "marker");
            assertThat(bobPhone.next("new_message").path("message").path("client_id").asText()).isEqualTo("marker");
            assertThat(bobPhone.received().stream().filter(f -> CHANGE_EVENTS.contains(f.path("type").asText())))
                    .as("each change once").hasSize(5);
        }
    }

    @Test
    void resume_replays_the_changes_after_the_last_number_seen_then_says_resumed() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        long first = http.send(alice, chat, "m1", "first").path("seq").asLong();
        long second = http.send(alice, chat, "m2", "second").path("seq").asLong();
        long seen;
        try (WsClient bobWs = WsClient.connect(node, bob)) {
            bobWs.next("connected");
            assertThat(react("PUT", alice, chat, first, "🎉").status()).isEqualTo(200);
            seen = bobWs.next("reaction").path("change").asLong();
        }
        makeFiveChanges(alice, bob, chat, first, second);

        try (WsClient bobWs = WsClient.connectResuming(node, bob)) {
            bobWs.next("connected");
            bobWs.send(Map.of("type", "resume", "positions", Map.of(Long.toString(chat), second),
                    "changes", Map.of(Long.toString(chat), seen)));
            List<JsonNode> replayed = changes(bobWs, 5);
            bobWs.next("resumed");
            assertThat(replayed).extracting(c -> c.path("change").asLong()).containsExactly(2L, 3L, 4L, 5L, 6L);
            assertThat(replayed.getFirst().path("message").path("body").asText()).isEqualTo("first, edited");
            assertThat(bobWs.drain("new_message")).isEmpty();
            assertThat(react("PUT", bob, chat, first, "🎉").status()).isEqualTo(200);
            assertThat(changes(bobWs, 6).getLast().path("change").asLong()).as("live continues after the replay").isEqualTo(7);
        }
        try (WsClient oldClient = WsClient.connectResuming(node, bob)) {
            oldClient.next("connected");
            oldClient.send(Map.of("type", "resume", "positions", Map.of(Long.toString(chat), second)));
            oldClient.next("resumed");
            assertThat(changesIn(oldClient.received())).as("a client that keeps no change numbers gets none replayed").isEmpty();
        }
    }

    @Test
    void a_replayed_change_never_comes_before_the_message_it_changes() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        long first = http.send(alice, chat, "m1", "first").path("seq").asLong();
        long missed = http.send(alice, chat, "m2", "sent while bob was away").path("seq").asLong();
        assertThat(react("PUT", alice, chat, missed, "👀").status()).isEqualTo(200);
        try (WsClient bobWs = WsClient.connectResuming(node, bob)) {
            bobWs.next("connected");
            bobWs.send(Map.of("type", "resume", "positions", Map.of(Long.toString(chat), first),
                    "changes", Map.of(Long.toString(chat), 0)));
            bobWs.next("resumed");
            List<String> order = bobWs.received().stream().map(f -> f.path("type").asText())
                    .filter(t -> t.equals("new_message") || t.equals("reaction")).toList();
            assertThat(order).containsExactly("new_message", "reaction");
        }
    }

    @Test
    void resume_refuses_changes_of_a_chat_the_user_is_not_in_and_bad_numbers() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        User stranger = http.register("stranger");
        long chat = http.directChat(alice, bob);
        try (WsClient ws = WsClient.connect(node, stranger)) {
            ws.next("connected");
            ws.send(Map.of("type", "resume", "positions", Map.of(), "changes", Map.of(Long.toString(chat), 0)));
            assertThat(ws.next("error").path("error").asText()).isEqualTo("not_found");
            ws.send(Map.of("type", "resume", "positions", Map.of(), "changes", Map.of("notifications", 0)));
            assertThat(ws.next("error").path("error").asText()).isEqualTo("invalid_request");
            ws.send(Map.of("type", "resume", "positions", Map.of(), "changes", Map.of(Long.toString(chat), -1)));
            assertThat(ws.next("error").path("error").asText()).isEqualTo("invalid_request");
        }
    }

    @Test
    void an_sse_stream_resumed_from_its_last_event_id_replays_missed_changes_once() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        long first = http.send(alice, chat, "m1", "first").path("seq").asLong();
        long second = http.send(alice, chat, "m2", "second").path("seq").asLong();
        String lastSeen;
        try (SseClient sse = SseClient.open(node.baseUrl(), bob.token(), null)) {
            sse.next("connected");
            assertThat(react("PUT", alice, chat, first, "🎉").status()).isEqualTo(200);
            assertThat(sse.next("reaction").path("change").asLong()).isEqualTo(1);
            lastSeen = sse.lastEventId();
        }
        makeFiveChanges(alice, bob, chat, first, second);
        try (SseClient sse = SseClient.open(node.baseUrl(), bob.token(), lastSeen)) {
            sse.next("connected");
            List<JsonNode> replayed = new ArrayList<>();
            for (String type : List.of("message_updated", "reaction", "message_pinned", "message_deleted")) {
                replayed.addAll(sse.take(type, type.equals("message_pinned") ? 2 : 1));
            }
            assertThat(replayed).extracting(c -> c.path("change").asLong()).containsExactlyInAnyOrder(2L, 3L, 4L, 5L, 6L);
            assertThat(changesIn(sse.received())).extracting(c -> c.path("change").asLong()).containsExactly(2L, 3L, 4L, 5L, 6L);
            http.send(alice, chat, "marker", "marker");
            sse.next("new_message");
            assertThat(changesIn(sse.received())).as("nothing twice").hasSize(5);
        }
    }

    /** An edit of {@code first}, bob's reaction to it, a pin and unpin of it, and the deletion of {@code second}. */
    private static void makeFiveChanges(User alice, User bob, long chat, long first, long second) {
        assertThat(http.patch("/api/v1/chats/" + chat + "/messages/" + first, alice.token(), Map.of("body", "first, edited"))
                .status()).isEqualTo(200);
        assertThat(react("PUT", bob, chat, first, "👍").status()).isEqualTo(200);
        assertThat(http.post("/api/v1/chats/" + chat + "/pins", alice.token(), Map.of("seq", first)).status()).isLessThan(300);
        assertThat(http.delete("/api/v1/chats/" + chat + "/pins/" + first, alice.token()).status()).isLessThan(300);
        assertThat(http.delete("/api/v1/chats/" + chat + "/messages/" + second, alice.token()).status()).isEqualTo(204);
    }

    private static HttpApi.Response react(String method, User user, long chat, long seq, String emoji) {
        return ReactionsContract.react(method, user, chat, seq, emoji);
    }

    /** Waits until {@code ws} has received {@code count} change events, and returns them in arrival order. */
    private static List<JsonNode> changes(WsClient ws, int count) {
        io.vestnik.testing.Await.until("change events", WsClient.WAIT, () -> changesIn(ws.received()).size() >= count);
        return changesIn(ws.received());
    }

    private static List<JsonNode> changesIn(List<JsonNode> frames) {
        return frames.stream().filter(f -> CHANGE_EVENTS.contains(f.path("type").asText())).toList();
    }
}
