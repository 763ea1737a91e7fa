package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.TestNode;
import io.vestnik.testing.WsClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #14, threads, over real HTTP and WebSocket: replies under a root reach every member device
 * once with the root's new summary; "also in the chat"; the chat's history and unread count leave
 * thread-only replies out; a thread's own history pages both ways; unread per thread and marking
 * it read; resume after a disconnect brings missed replies exactly once; bad roots change nothing.
 * Run once per storage engine (decision 0030).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class ThreadsContract extends FeaturesBase {
    static final String ADMIN = "threads-admin-token-0123456789";

    static void start(TestNode.Storage storage) {
        node = TestNode.start(storage, Map.of("VESTNIK_ADMIN_TOKEN", ADMIN));
        http = node.http();
    }

    @Test
    void a_reply_sent_over_the_socket_reaches_every_member_device_once_with_the_roots_summary() {
        Scene s = Scene.start();
        try (WsClient alice = WsClient.connect(node, s.alice()); WsClient bobPhone = WsClient.connect(node, s.bob());
             WsClient bobLaptop = WsClient.connect(node, s.bob())) {
            List.of(alice, bobPhone, bobLaptop).forEach(ws -> ws.next("connected"));
            bobPhone.send(Map.of("type", "send", "chat_id", s.chat(), "client_id", "r1", "body", "agreed",
                    "thread_root_seq", s.root()));
            JsonNode acked = bobPhone.next("ack").path("message");
            assertThat(acked.path("thread_root_seq").asLong()).isEqualTo(s.root());
            assertThat(acked.path("shown_in_chat").asBoolean()).isFalse();
            for (WsClient ws : List.of(alice, bobLaptop)) {
                JsonNode reply = ws.next("new_message").path("message");
                assertThat(reply.path("seq").asLong()).isEqualTo(acked.path("seq").asLong());
                assertThat(reply.path("thread_root_seq").asLong()).isEqualTo(s.root());
            }
            for (WsClient ws : List.of(alice, bobPhone, bobLaptop)) {
                JsonNode updated = ws.next("thread_updated");
                assertThat(updated.path("chat_id").asLong()).isEqualTo(s.chat());
                assertThat(updated.path("root_seq").asLong()).isEqualTo(s.root());
                assertThat(updated.path("thread").path("reply_count").asLong()).isEqualTo(1);
                assertThat(updated.path("thread").path("last_reply_seq").asLong()).isEqualTo(acked.path("seq").asLong());
                assertThat(updated.path("seq").asLong()).as("about the reply").isEqualTo(acked.path("seq").asLong());
                assertThat(updated.path("change").asLong()).as("an entry of the chat's change log").isPositive();
                assertThat(ws.drain("new_message")).isEmpty();
            }
        }
        List<JsonNode> chatHistory = history(s.alice(), s.chat(), "");
        assertThat(chatHistory).extracting(m -> m.path("seq").asLong()).containsExactly(s.root());
        assertThat(chatHistory.getFirst().path("thread").path("reply_count").asLong()).isEqualTo(1);
        JsonNode thread = threadPage(s.alice(), s.chat(), s.root(), "").json();
        assertThat(thread.path("root").path("seq").asLong()).isEqualTo(s.root());
        assertThat(list(thread.path("messages"))).extracting(m -> m.path("body").asText()).containsExactly("agreed");
    }

    @Test
    void a_reply_also_sent_to_the_chat_is_in_its_history_last_message_and_unread_count_and_a_thread_only_one_is_not() {
        Scene s = Scene.start();
        long hidden = reply(s.bob(), s.chat(), s.root(), false).json().path("message").path("seq").asLong();
        HttpApi.Response shown = reply(s.bob(), s.chat(), s.root(), true);
        assertThat(shown.status()).as(shown.text()).isEqualTo(201);
        long shownSeq = shown.json().path("message").path("seq").asLong();
        assertThat(shown.json().path("message").path("shown_in_chat").asBoolean()).isTrue();
        reply(s.bob(), s.chat(), s.root(), false);
        assertThat(history(s.alice(), s.chat(), "")).extracting(m -> m.path("seq").asLong()).containsExactly(s.root(), shownSeq);
        assertThat(history(s.alice(), s.chat(), "?after_seq=" + s.root())).extracting(m -> m.path("seq").asLong())
                .containsExactly(shownSeq);
        assertThat(history(s.alice(), s.chat(), "?before_seq=" + (shownSeq + 5) + "&limit=1"))
                .extracting(m -> m.path("seq").asLong()).containsExactly(shownSeq);
        assertThat(history(s.alice(), s.chat(), "?after_seq=0&thread_replies=true")).as("a gap fill sees every message")
                .extracting(m -> m.path("seq").asLong()).containsExactly(s.root(), hidden, shownSeq, shownSeq + 1);
        JsonNode unread = http.get("/api/v1/unread", s.alice().token()).json();
        assertThat(unread.path("total").asLong()).as("thread-only replies do not count in the chat").isEqualTo(1);
        JsonNode chat = http.get("/api/v1/chats/" + s.chat(), s.alice().token()).json().path("chat");
        assertThat(chat.path("last_message").path("seq").asLong()).isEqualTo(shownSeq);
        assertThat(hidden).isLessThan(shownSeq);
    }

    @Test
    void a_threads_history_pages_backwards_and_forwards_and_a_reply_to_a_reply_joins_its_root() {
        Scene s = Scene.start();
        List<Long> replies = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            replies.add(reply(s.alice(), s.chat(), s.root(), false).json().path("message").path("seq").asLong());
            http.send(s.bob(), s.chat(), UUID.randomUUID().toString(), "in the chat");
        }
        HttpApi.Response nested = reply(s.bob(), s.chat(), replies.getFirst(), false);
        assertThat(nested.json().path("message").path("thread_root_seq").asLong()).isEqualTo(s.root());
        replies.add(nested.json().path("message").path("seq").asLong());

        JsonNode newest = threadPage(s.bob(), s.chat(), s.root(), "?limit=3").json();
        assertThat(seqs(newest)).containsExactlyElementsOf(replies.subList(4, 7));
        assertThat(newest.path("has_more").asBoolean()).isTrue();
        JsonNode older = threadPage(s.bob(), s.chat(), s.root(), "?limit=3&before_seq=" + replies.get(4)).json();
        assertThat(seqs(older)).containsExactlyElementsOf(replies.subList(1, 4));
        JsonNode oldest = threadPage(s.bob(), s.chat(), s.root(), "?limit=3&before_seq=" + replies.get(1)).json();
        assertThat(seqs(oldest)).containsExactly(replies.getFirst());
        assertThat(oldest.path("has_more").asBoolean()).isFalse();
        JsonNode forwards = threadPage(s.bob(), s.chat(), s.root(), "?limit=4&after_seq=0").json();
        assertThat(seqs(forwards)).containsExactlyElementsOf(replies.subList(0, 4));
        assertThat(forwards.path("root").path("thread").path("reply_count").asLong()).isEqualTo(7);
    }

    @Test
    void each_participant_has_unread_replies_per_thread_until_they_mark_it_read_on_every_device() {
        Scene s = Scene.start();
        User carol = http.register("carol");
        http.post("/api/v1/chats/" + s.chat() + "/members", s.alice().token(), Map.of("user_id", carol.id()));
        reply(s.bob(), s.chat(), s.root(), false);
        long last = reply(carol, s.chat(), s.root(), false).json().path("message").path("seq").asLong();

        JsonNode mine = followed(s.alice(), "").getFirst();
        assertThat(mine.path("chat_id").asLong()).isEqualTo(s.chat());
        assertThat(mine.path("root_seq").asLong()).isEqualTo(s.root());
        assertThat(mine.path("unread").asLong()).isEqualTo(2);
        assertThat(followed(s.bob(), "?unread=true").getFirst().path("unread").asLong()).as("his own reply is read").isEqualTo(1);
        try (WsClient otherDevice = WsClient.connect(node, s.alice())) {
            otherDevice.next("connected");
            HttpApi.Response read = http.post(threadPath(s.chat(), s.root()) + "/read", s.alice().token(), Map.of("seq", last));
            assertThat(read.status()).as(read.text()).isEqualTo(200);
            assertThat(read.json().path("read_seq").asLong()).isEqualTo(last);
            assertThat(read.json().path("unread").asLong()).isZero();
            JsonNode event = otherDevice.next("thread_read");
            assertThat(event.path("root_seq").asLong()).isEqualTo(s.root());
            assertThat(event.path("unread").asLong()).isZero();
        }
        assertThat(followed(s.alice(), "?unread=true")).isEmpty();
        HttpApi.Response back = http.post(threadPath(s.chat(), s.root()) + "/read", s.alice().token(), Map.of("seq", 1));
        assertThat(back.json().path("read_seq").asLong()).as("a read position never moves back").isEqualTo(last);
    }

    @Test
    void resume_after_a_disconnect_brings_missed_replies_exactly_once_each_before_its_summary_change() {
        Scene s = Scene.start();
        try (WsClient bob = WsClient.connect(node, s.bob())) {
            bob.next("connected");
        }
        long first = reply(s.alice(), s.chat(), s.root(), false).json().path("message").path("seq").asLong();
        long second = reply(s.alice(), s.chat(), s.root(), true).json().path("message").path("seq").asLong();
        try (WsClient bob = WsClient.connectResuming(node, s.bob())) {
            bob.next("connected");
            bob.send(Map.of("type", "resume", "positions", Map.of(Long.toString(s.chat()), s.root()),
                    "changes", Map.of(Long.toString(s.chat()), 0)));
            List<JsonNode> replayed = bob.take("new_message", 2);
            List<JsonNode> summaries = bob.take("thread_updated", 2);
            bob.next("resumed");
            assertThat(replayed).extracting(f -> f.path("message").path("seq").asLong()).containsExactly(first, second);
            assertThat(replayed).extracting(f -> f.path("message").path("thread_root_seq").asLong()).containsOnly(s.root());
            assertThat(summaries).extracting(f -> f.path("thread").path("reply_count").asLong()).containsExactly(1L, 2L);
            List<String> order = bob.received().stream().filter(f -> f.has("seq") || f.has("message"))
                    .map(f -> f.path("type").asText() + ":" + (f.has("message") ? f.path("message").path("seq") : f.path("seq")))
                    .toList();
            assertThat(order).as("no summary ahead of its reply").containsSubsequence(
                    "new_message:" + first, "thread_updated:" + first, "thread_updated:" + second)
                    .containsSubsequence("new_message:" + second, "thread_updated:" + second);
            long third = reply(s.alice(), s.chat(), s.root(), false).json().path("message").path("seq").asLong();
            assertThat(bob.next("new_message").path("message").path("seq").asLong()).isEqualTo(third);
            assertThat(bob.drain("new_message")).isEmpty();
        }
    }

    @Test
    void bad_roots_and_bad_fields_are_refused_and_change_nothing() {
        Scene s = Scene.start();
        User stranger = http.register("stranger");
        long reply = reply(s.bob(), s.chat(), s.root(), false).json().path("message").path("seq").asLong();
        long lastSeq = lastSeq(s);
        assertRefused(sendRaw(s.bob(), s.chat(), Map.of("client_id", "x1", "body", "?", "thread_root_seq", reply + 10)), 400);
        assertRefused(sendRaw(s.bob(), s.chat(), Map.of("client_id", "x2", "body", "?", "shown_in_chat", true)), 400);
        assertRefused(sendRaw(s.bob(), s.chat(), Map.of("client_id", "x3", "body", "?", "thread_root_seq", 0)), 400);
        assertRefused(sendRaw(stranger, s.chat(), Map.of("client_id", "x4", "body", "?", "thread_root_seq", s.root())), 404);
        assertRefused(threadPage(s.bob(), s.chat(), reply, ""), 404);
        assertRefused(threadPage(stranger, s.chat(), s.root(), ""), 404);
        assertRefused(threadPage(s.bob(), s.chat(), lastSeq + 1, ""), 404);
        assertRefused(http.post(threadPath(s.chat(), s.root()) + "/read", stranger.token(), Map.of("seq", reply)), 404);
        long lonely = http.send(s.alice(), s.chat(), "lonely", "no replies").path("seq").asLong();
        assertRefused(http.post(threadPath(s.chat(), lonely) + "/read", s.bob().token(), Map.of("seq", lonely)), 404);
        assertThat(lastSeq(s)).isEqualTo(lonely);

        assertThat(http.delete("/api/v1/chats/" + s.chat() + "/messages/" + s.root(), s.alice().token()).status()).isEqualTo(204);
        assertRefused(sendRaw(s.bob(), s.chat(), Map.of("client_id", "x5", "body", "?", "thread_root_seq", s.root())), 400);
        assertRefused(sendRaw(s.bob(), s.chat(), Map.of("client_id", "x6", "body", "?", "thread_root_seq", reply)), 400);
        assertThat(lastSeq(s)).isEqualTo(lonely);
        JsonNode orphaned = threadPage(s.bob(), s.chat(), s.root(), "").json();
        assertThat(orphaned.path("root").path("deleted").asBoolean()).isTrue();
        assertThat(seqs(orphaned)).as("a deleted root keeps its replies").containsExactly(reply);
    }

    @Test
    void replies_are_edited_and_deleted_like_any_message_and_the_server_api_replies_in_threads() {
        Scene s = Scene.start();
        long reply = reply(s.bob(), s.chat(), s.root(), false).json().path("message").path("seq").asLong();
        assertThat(http.patch("/api/v1/chats/" + s.chat() + "/messages/" + reply, s.bob().token(), Map.of("body", "fixed"))
                .json().path("message").path("thread_root_seq").asLong()).isEqualTo(s.root());
        assertThat(http.delete("/api/v1/chats/" + s.chat() + "/messages/" + reply, s.bob().token()).status()).isEqualTo(204);
        assertThat(threadPage(s.alice(), s.chat(), s.root(), "").json().path("messages").get(0).path("deleted").asBoolean())
                .isTrue();

        String key = http.post("/api/v1/admin/keys", ADMIN, Map.of("name", "threads", "scopes",
                List.of("users", "chats", "messages"))).json().path("key").asText();
        String bot = "bot-" + UUID.randomUUID().toString().substring(0, 8);
        http.request("PUT", "/api/v1/server/users/" + bot, key, Map.of("display_name", "Bot", "bot", true));
        long botChat = http.post("/api/v1/server/chats", key, Map.of("kind", "group", "title", "Help",
                "member_external_ids", List.of(bot))).json().path("chat").path("id").asLong();
        String path = "/api/v1/server/chats/" + botChat + "/messages";
        long root = http.post(path, key, Map.of("sender_external_id", bot, "client_id", "q", "body", "question"))
                .json().path("message").path("seq").asLong();
        HttpApi.Response answer = http.post(path, key, Map.of("sender_external_id", bot, "client_id", "a", "body", "answer",
                "thread_root_seq", root, "shown_in_chat", true));
        assertThat(answer.status()).as(answer.text()).isEqualTo(201);
        assertThat(answer.json().path("message").path("thread_root_seq").asLong()).isEqualTo(root);
        assertThat(answer.json().path("message").path("shown_in_chat").asBoolean()).isTrue();
    }

    /** Alice and Bob in a group, where Alice wrote the root. */
    private record Scene(User alice, User bob, long chat, long root) {
        static Scene start() {
            User alice = http.register("alice");
            User bob = http.register("bob");
            long chat = group(alice, "plans", bob);
            return new Scene(alice, bob, chat, http.send(alice, chat, UUID.randomUUID().toString(), "Friday?").path("seq").asLong());
        }
    }

    static HttpApi.Response reply(User sender, long chat, long root, boolean shownInChat) {
        Map<String, Object> body = new HashMap<>(Map.of("client_id", UUID.randomUUID().toString(), "body", "reply",
                "thread_root_seq", root));
        if (shownInChat) body.put("shown_in_chat", true);
        return sendRaw(sender, chat, body);
    }

    static String threadPath(long chat, long root) {
        return "/api/v1/chats/" + chat + "/threads/" + root;
    }

    static HttpApi.Response threadPage(User reader, long chat, long root, String query) {
        return http.get(threadPath(chat, root) + "/messages" + query, reader.token());
    }

    static List<JsonNode> followed(User user, String query) {
        return list(http.get("/api/v1/threads" + query, user.token()).json().path("threads"));
    }

    private static List<Long> seqs(JsonNode page) {
        return list(page.path("messages")).stream().map(m -> m.path("seq").asLong()).toList();
    }

    private static long lastSeq(Scene s) {
        return http.get("/api/v1/chats/" + s.chat(), s.alice().token()).json().path("chat").path("last_seq").asLong();
    }

    private static void assertRefused(HttpApi.Response response, int status) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.json().has("error")).isTrue();
    }
}
