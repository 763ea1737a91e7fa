package io.vestnik.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.SseClient;
import io.vestnik.testing.TwoNodes;
import io.vestnik.testing.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #14: a blocked user's messages never reach the blocker, on any transport — WebSocket live
 * and resume, SSE, long poll, HTTP history — while a third member of the same group still gets
 * them; the blocker's stream stays gapless (a {@code message_hidden} takes the message's seq).
 * The block is made through one node while the blocker's connections are open on the other.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BlocksAcrossNodesTest {
    static TwoNodes nodes;

    @BeforeAll
    static void start() {
        nodes = TwoNodes.start(Map.of());
    }

    @AfterAll
    static void stop() {
        nodes.close();
    }

    @Test
    void a_blocked_users_messages_never_reach_the_blocker_on_any_transport_but_reach_the_third_member() {
        HttpApi first = nodes.first().http();
        HttpApi second = nodes.second().http();
        Trio trio = Trio.start(first);
        HttpApi.User ann = trio.ann();
        HttpApi.User bob = trio.bob();
        HttpApi.User cid = trio.cid();
        long chat = trio.chat();
        String pollCursor = second.get("/api/v1/events/poll?timeout=0", ann.token()).json().path("cursor").asText();
        try (WsClient annLive = WsClient.connect(nodes.second(), ann);
             SseClient annSse = SseClient.open(nodes.second().baseUrl(), ann.token(), null);
             WsClient cidLive = WsClient.connect(nodes.first(), cid)) {
            annLive.next("connected");
            cidLive.next("connected");
            assertThat(first.post("/api/v1/blocks", ann.token(), Map.of("user_id", bob.id())).status()).isEqualTo(201);
            annLive.next("user_blocked");
            annSse.next("user_blocked");

            first.send(bob, chat, "b1", "from bob");
            first.send(cid, chat, "c1", "from cid");

            assertThat(cidLive.take("new_message", 2)).extracting(m -> m.path("message").path("body").asText())
                    .containsExactly("from bob", "from cid");
            assertThat(annLive.next("message_hidden").path("seq").asLong()).isEqualTo(1);
            assertThat(annLive.next("new_message").path("message").path("body").asText()).isEqualTo("from cid");
            assertThat(annSse.next("message_hidden").path("seq").asLong()).isEqualTo(1);
            assertThat(annSse.next("new_message").path("message").path("body").asText()).isEqualTo("from cid");

            first.patch("/api/v1/chats/" + chat + "/messages/1", bob.token(), Map.of("body", "bob edited"));
            assertThat(cidLive.next("message_updated").path("message").path("body").asText()).isEqualTo("bob edited");
            assertThat(annLive.next("change_hidden").path("change").asLong()).as("the edit's place in the change log").isPositive();
            assertThat(annSse.next("change_hidden").path("change").asLong()).isPositive();
            assertThat(bodies(annLive.received())).doesNotContain("from bob", "bob edited");
            assertThat(bodies(annSse.received())).doesNotContain("from bob", "bob edited");
        }

        JsonNode polled = second.get("/api/v1/events/poll?timeout=1&cursor=" + pollCursor, ann.token()).json();
        assertThat(types(polled.path("events"))).containsSubsequence("message_hidden", "new_message");
        assertThat(bodies(polled.path("events"))).containsExactly("from cid");

        try (WsClient resumed = WsClient.connectResuming(nodes.second(), ann)) {
            resumed.next("connected");
            resumed.send(Map.of("type", "resume", "positions", Map.of(Long.toString(chat), 0)));
            resumed.next("resumed");
            assertThat(types(resumed.received())).containsSubsequence("message_hidden", "new_message");
            assertThat(bodies(resumed.received())).containsExactly("from cid");
        }

        JsonNode history = second.get("/api/v1/chats/" + chat + "/messages", ann.token()).json();
        assertThat(bodies(history.path("messages"))).containsExactly("from cid");
        assertThat(history.path("hidden_seqs").get(0).asLong()).isEqualTo(1);
        assertThat(bodies(second.get("/api/v1/chats/" + chat + "/messages", cid.token()).json().path("messages")))
                .containsExactly("bob edited", "from cid");
    }

    @Test
    void the_http_change_log_shows_the_blocker_change_hidden_in_place_of_a_blocked_users_edit_and_reaction() {
        HttpApi first = nodes.first().http();
        HttpApi second = nodes.second().http();
        Trio trio = Trio.start(first);
        long chat = trio.chat();
        first.send(trio.bob(), chat, "b1", "from bob");
        first.send(trio.cid(), chat, "c1", "from cid");
        assertThat(first.post("/api/v1/blocks", trio.ann().token(), Map.of("user_id", trio.bob().id())).status()).isEqualTo(201);
        assertThat(first.patch("/api/v1/chats/" + chat + "/messages/1", trio.bob().token(), Map.of("body", "bob edited")).status())
                .isEqualTo(200);
        assertThat(first.request("PUT", "/api/v1/chats/" + chat + "/messages/2/reactions/%F0%9F%91%8D", trio.bob().token(), null)
                .status()).isEqualTo(200);
        assertThat(first.request("PUT", "/api/v1/chats/" + chat + "/messages/2/reactions/%F0%9F%8E%89", trio.cid().token(), null)
                .status()).isEqualTo(200);

        JsonNode cidsPage = second.get("/api/v1/chats/" + chat + "/changes", trio.cid().token()).json().path("changes");
        JsonNode annsPage = second.get("/api/v1/chats/" + chat + "/changes", trio.ann().token()).json().path("changes");
        assertThat(types(cidsPage)).containsExactly("message_updated", "reaction", "reaction");
        assertThat(types(annsPage)).containsExactly("change_hidden", "change_hidden", "reaction");
        assertThat(numbers(annsPage)).as("the same numbers: the page stays gapless").isEqualTo(numbers(cidsPage));
        assertThat(annsPage.toString()).doesNotContain("bob edited");
        assertThat(annsPage.get(2).path("user_id").asLong()).isEqualTo(trio.cid().id());
    }

    private static List<Long> numbers(Iterable<JsonNode> changes) {
        List<Long> numbers = new ArrayList<>();
        changes.forEach(c -> numbers.add(c.path("change").asLong()));
        return numbers;
    }

    @Test
    void no_direct_chat_opens_across_a_block_in_either_direction_until_it_is_lifted() {
        HttpApi first = nodes.first().http();
        HttpApi.User ann = first.register("ann");
        HttpApi.User bob = first.register("bob");
        first.post("/api/v1/blocks", ann.token(), Map.of("user_id", bob.id()));
        Map<String, Object> toBob = Map.of("kind", "direct", "member_ids", List.of(bob.id()));
        Map<String, Object> toAnn = Map.of("kind", "direct", "member_ids", List.of(ann.id()));
        assertThat(first.post("/api/v1/chats", ann.token(), toBob).status()).isEqualTo(403);
        HttpApi.Response refused = nodes.second().http().post("/api/v1/chats", bob.token(), toAnn);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text()).doesNotContain("block");
        assertThat(first.delete("/api/v1/blocks/" + bob.id(), ann.token()).status()).isEqualTo(204);
        assertThat(first.post("/api/v1/chats", bob.token(), toAnn).status()).isEqualTo(201);
    }

    @Test
    void typing_and_presence_are_hidden_across_a_block_both_ways_but_not_from_others() {
        HttpApi first = nodes.first().http();
        HttpApi second = nodes.second().http();
        Trio t = Trio.start(first);
        first.post("/api/v1/blocks", t.ann().token(), Map.of("user_id", t.bob().id()));
        try (WsClient annLive = WsClient.connect(nodes.second(), t.ann());
             WsClient bobLive = WsClient.connect(nodes.first(), t.bob());
             WsClient cidLive = WsClient.connect(nodes.second(), t.cid())) {
            List.of(annLive, bobLive, cidLive).forEach(ws -> ws.next("connected"));
            assertThat(online(second, t.ann(), t.bob())).as("the blocker does not see the blocked user online").isFalse();
            assertThat(online(first, t.bob(), t.ann())).as("nor the other way round").isFalse();
            assertThat(online(first, t.cid(), t.bob())).isTrue();
            bobLive.send(Map.of("type", "typing", "chat_id", t.chat(), "is_typing", true));
            assertThat(cidLive.next("typing").path("user_id").asLong()).isEqualTo(t.bob().id());
            annLive.send(Map.of("type", "typing", "chat_id", t.chat(), "is_typing", true));
            assertThat(cidLive.next("typing").path("user_id").asLong()).isEqualTo(t.ann().id());
            cidLive.send(Map.of("type", "typing", "chat_id", t.chat(), "is_typing", true));
            // Each gets their own typing back, then cid's: never the other's from across the block.
            assertThat(typists(annLive.take("typing", 2))).containsExactly(t.ann().id(), t.cid().id());
            assertThat(typists(bobLive.take("typing", 2))).containsExactly(t.bob().id(), t.cid().id());
            assertThat(annLive.received()).noneMatch(f -> f.path("user_id").asLong() == t.bob().id());
            assertThat(bobLive.received()).noneMatch(f -> f.path("user_id").asLong() == t.ann().id());
        }
    }

    /** Ann, Bob and Cid in Cid's group. */
    private record Trio(HttpApi.User ann, HttpApi.User bob, HttpApi.User cid, long chat) {
        static Trio start(HttpApi http) {
            HttpApi.User ann = http.register("ann");
            HttpApi.User bob = http.register("bob");
            HttpApi.User cid = http.register("cid");
            long chat = http.post("/api/v1/chats", cid.token(), Map.of("kind", "group", "title", "Trio",
                    "member_ids", List.of(ann.id(), bob.id()))).json().path("chat").path("id").asLong();
            return new Trio(ann, bob, cid, chat);
        }
    }

    private static List<Long> typists(List<JsonNode> typing) {
        return typing.stream().map(f -> f.path("user_id").asLong()).toList();
    }

    private static boolean online(HttpApi http, HttpApi.User asker, HttpApi.User about) {
        return http.get("/api/v1/presence?user_ids=" + about.id(), asker.token()).json().path("presence").get(0).path("online").asBoolean();
    }

    private static List<String> types(Iterable<JsonNode> events) {
        List<String> types = new ArrayList<>();
        events.forEach(e -> types.add(e.path("type").asText()));
        return types;
    }

    private static List<String> bodies(Iterable<JsonNode> frames) {
        List<String> bodies = new ArrayList<>();
        for (JsonNode frame : frames) {
            JsonNode message = frame.has("message") ? frame.path("message") : frame;
            if (message.has("body")) bodies.add(message.path("body").asText());
        }
        return bodies;
    }
}
