package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.WsClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #14, reactions, over real HTTP and WebSocket: add and remove, idempotent; counts and
 * {@code mine} in every payload made for one reader; one {@code reaction} event on every member
 * device per change; resume and history after a disconnect; limits and bad input changing
 * nothing. Run once per storage engine (decision 0025).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class ReactionsContract extends FeaturesBase {
    private static final String THUMBS = "👍";
    private static final String PARTY = "🎉";

    @Test
    void a_reaction_reaches_every_member_device_once_and_a_repeat_changes_nothing() {
        Scene s = Scene.start("lunch?");
        User alice = s.alice();
        User bob = s.bob();
        long chat = s.chat();
        long seq = s.seq();
        try (WsClient aliceWs = WsClient.connect(node, alice); WsClient bobPhone = WsClient.connect(node, bob);
             WsClient bobLaptop = WsClient.connect(node, bob)) {
            List.of(aliceWs, bobPhone, bobLaptop).forEach(ws -> ws.next("connected"));
            HttpApi.Response added = react("PUT", bob, chat, seq, THUMBS);
            assertThat(added.status()).as(added.text()).isEqualTo(200);
            assertThat(added.json().path("reactions")).hasSize(1);
            assertReaction(added.json().path("reactions").get(0), THUMBS, 1, true);
            HttpApi.Response repeated = react("PUT", bob, chat, seq, THUMBS);
            assertThat(repeated.status()).isEqualTo(200);
            assertThat(repeated.json()).isEqualTo(added.json());
            react("PUT", alice, chat, seq, PARTY);

            for (WsClient ws : List.of(aliceWs, bobPhone, bobLaptop)) {
                JsonNode first = ws.next("reaction");
                assertThat(first.path("chat_id").asLong()).isEqualTo(chat);
                assertThat(first.path("seq").asLong()).isEqualTo(seq);
                assertThat(first.path("user_id").asLong()).isEqualTo(bob.id());
                assertThat(first.path("emoji").asText()).isEqualTo(THUMBS);
                assertThat(first.path("added").asBoolean()).isTrue();
                assertThat(first.path("reactions").get(0).has("mine")).as("a shared frame names no reader").isFalse();
                assertThat(first.path("reactions").get(0).path("count").asInt()).isEqualTo(1);
                JsonNode second = ws.next("reaction");
                assertThat(second.path("emoji").asText()).as("the repeat published nothing").isEqualTo(PARTY);
                assertThat(second.path("reactions")).hasSize(2);
            }
        }
    }

    @Test
    void history_carries_counts_per_emoji_in_first_reaction_order_and_mine_per_reader() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        User carol = http.register("carol");
        long chat = group(alice, "team", bob, carol);
        long seq = http.send(alice, chat, "m1", "shipped").path("seq").asLong();
        react("PUT", bob, chat, seq, THUMBS);
        react("PUT", carol, chat, seq, PARTY);
        react("PUT", carol, chat, seq, THUMBS);

        List<JsonNode> bobSees = list(history(bob, chat, "").getFirst().path("reactions"));
        assertReaction(bobSees.get(0), THUMBS, 2, true);
        assertReaction(bobSees.get(1), PARTY, 1, false);
        List<JsonNode> aliceSees = list(history(alice, chat, "").getFirst().path("reactions"));
        assertReaction(aliceSees.get(0), THUMBS, 2, false);
        assertReaction(aliceSees.get(1), PARTY, 1, false);

        HttpApi.Response removed = react("DELETE", carol, chat, seq, PARTY);
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.json().path("reactions")).hasSize(1);
        assertReaction(removed.json().path("reactions").get(0), THUMBS, 2, true);
        assertThat(react("DELETE", carol, chat, seq, PARTY).json()).as("removing twice is a no-op").isEqualTo(removed.json());
        assertThat(react("DELETE", alice, chat, seq, THUMBS).json().path("reactions").get(0).path("count").asInt())
                .as("removing a reaction one never made removes nobody else's").isEqualTo(2);
    }

    @Test
    void the_websocket_frame_adds_and_removes_and_the_reactor_sees_its_own_event() {
        Scene s = Scene.start("hi");
        User alice = s.alice();
        User bob = s.bob();
        long chat = s.chat();
        long seq = s.seq();
        try (WsClient bobWs = WsClient.connect(node, bob); WsClient aliceWs = WsClient.connect(node, alice)) {
            bobWs.next("connected");
            aliceWs.next("connected");
            bobWs.send(Map.of("type", "reaction", "chat_id", chat, "seq", seq, "emoji", THUMBS, "added", true));
            assertThat(bobWs.next("reaction").path("added").asBoolean()).isTrue();
            assertThat(aliceWs.next("reaction").path("user_id").asLong()).isEqualTo(bob.id());
            bobWs.send(Map.of("type", "reaction", "chat_id", chat, "seq", seq, "emoji", THUMBS, "added", false));
            JsonNode removed = aliceWs.next("reaction");
            assertThat(removed.path("added").asBoolean()).isFalse();
            assertThat(removed.path("reactions")).isEmpty();
            bobWs.send(Map.of("type", "reaction", "chat_id", chat, "seq", seq, "emoji", "not an emoji", "added", true));
            assertThat(bobWs.next("error").path("error").asText()).isEqualTo("invalid_request");
        }
    }

    @Test
    void after_a_disconnect_resume_brings_missed_messages_with_their_reactions_and_history_the_rest() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        long old = http.send(alice, chat, "m1", "before").path("seq").asLong();
        try (WsClient bobWs = WsClient.connect(node, bob)) {
            bobWs.next("connected");
        }
        long missed = http.send(alice, chat, "m2", "while away").path("seq").asLong();
        react("PUT", bob, chat, missed, PARTY);
        react("PUT", alice, chat, missed, PARTY);
        react("PUT", alice, chat, old, THUMBS);

        try (WsClient bobWs = WsClient.connectResuming(node, bob)) {
            bobWs.next("connected");
            bobWs.send(Map.of("type", "resume", "positions", Map.of(Long.toString(chat), old)));
            JsonNode replayed = bobWs.next("new_message").path("message");
            bobWs.next("resumed");
            assertThat(replayed.path("seq").asLong()).isEqualTo(missed);
            assertReaction(replayed.path("reactions").get(0), PARTY, 2, true);
            assertThat(bobWs.drain("new_message")).isEmpty();
        }
        JsonNode older = history(bob, chat, "?after_seq=0").getFirst();
        assertReaction(older.path("reactions").get(0), THUMBS, 1, false);
    }

    @Test
    void bad_emoji_strangers_and_dead_messages_are_refused_and_change_nothing() {
        Scene s = Scene.start("hi");
        User alice = s.alice();
        User bob = s.bob();
        User stranger = http.register("stranger");
        long chat = s.chat();
        long seq = s.seq();
        for (String bad : List.of("a", "👍👍", "::", ":Capital:", ":" + "x".repeat(31) + ":", "👍 ")) {
            HttpApi.Response refused = react("PUT", bob, chat, seq, bad);
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.error()).isEqualTo("invalid_request");
        }
        assertThat(react("PUT", stranger, chat, seq, THUMBS).status()).isEqualTo(404);
        assertThat(react("PUT", bob, chat, seq + 1, THUMBS).status()).isEqualTo(404);
        assertThat(history(bob, chat, "").getFirst().path("reactions")).isEmpty();

        for (String kept : List.of("👍🏽", "🇺🇦", "👨‍👩‍👧", "1️⃣", "❤️", ":party_parrot:")) {
            assertThat(react("PUT", bob, chat, seq, kept).status()).as(kept).isEqualTo(200);
        }
        assertThat(http.delete("/api/v1/chats/" + chat + "/messages/" + seq, alice.token()).status()).isEqualTo(204);
        assertThat(history(bob, chat, "").getFirst().path("reactions")).as("a tombstone keeps no reactions").isEmpty();
        assertThat(react("PUT", bob, chat, seq, THUMBS).status()).isEqualTo(404);
    }

    @Test
    void a_message_takes_at_most_twenty_different_emoji_but_more_people_on_the_same_ones() {
        Scene s = Scene.start("vote");
        User alice = s.alice();
        User bob = s.bob();
        long chat = s.chat();
        long seq = s.seq();
        for (int i = 1; i <= 20; i++) {
            assertThat(react("PUT", alice, chat, seq, ":e" + i + ":").status()).isEqualTo(200);
        }
        HttpApi.Response full = react("PUT", bob, chat, seq, ":e21:");
        assertThat(full.status()).isEqualTo(409);
        assertThat(full.error()).isEqualTo("conflict");
        assertThat(react("PUT", bob, chat, seq, ":e20:").json().path("reactions")).hasSize(20);
        assertReaction(history(bob, chat, "").getFirst().path("reactions").get(19), ":e20:", 2, true);
    }

    /** Alice and Bob in a direct chat, where Alice said {@code body} as {@code seq}. */
    private record Scene(User alice, User bob, long chat, long seq) {
        static Scene start(String body) {
            User alice = http.register("alice");
            User bob = http.register("bob");
            long chat = http.directChat(alice, bob);
            return new Scene(alice, bob, chat, http.send(alice, chat, "m1", body).path("seq").asLong());
        }
    }

    static HttpApi.Response react(String method, User user, long chat, long seq, String emoji) {
        return http.request(method, "/api/v1/chats/" + chat + "/messages/" + seq + "/reactions/"
                + URLEncoder.encode(emoji, StandardCharsets.UTF_8).replace("+", "%20"), user.token(), null);
    }

    private static void assertReaction(JsonNode reaction, String emoji, int count, boolean mine) {
        assertThat(reaction.path("emoji").asText()).isEqualTo(emoji);
        assertThat(reaction.path("count").asInt()).isEqualTo(count);
        assertThat(reaction.path("mine").asBoolean()).as("mine of " + emoji).isEqualTo(mine);
        assertThat(reaction.has("mine")).isTrue();
    }
}
