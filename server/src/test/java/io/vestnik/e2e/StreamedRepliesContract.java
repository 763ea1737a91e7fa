package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.Await;
import io.vestnik.testing.HostJwt;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.Response;
import io.vestnik.testing.SseClient;
import io.vestnik.testing.StreamedText;
import io.vestnik.testing.TestNode;
import io.vestnik.testing.WebhookReceiver;
import io.vestnik.testing.WsClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #11 item 3 on one node: a bot's streamed reply through the server API and the bot's
 * WebSocket — the message at once, deltas contiguous by offset to every watcher, the final text
 * durable — with its refusals. Run on each storage engine.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
abstract class StreamedRepliesContract {
    static final String ADMIN = "streamed-admin-token-0123456789";
    static final String HOST_SECRET = "streamed-host-secret-0123456789-abcdef";
    static final String TIMEOUT = "5s";
    static TestNode node;
    static HttpApi http;
    static String key;

    static void start(TestNode.Storage storage) {
        node = TestNode.start(storage, Map.of("VESTNIK_ADMIN_TOKEN", ADMIN, "VESTNIK_HOST_JWT_SECRET", HOST_SECRET,
                "VESTNIK_STREAM_TIMEOUT", TIMEOUT, "VESTNIK_WEBHOOKS_ALLOW_PRIVATE", "true"));
        http = node.http();
        key = key("users", "chats", "messages", "moderation", "webhooks");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /** A user, a bot and their direct chat. */
    record Scene(String user, String bot, long chat) {}

    @Test
    void a_watcher_gets_the_message_at_once_then_contiguous_deltas_and_ends_with_the_stored_text() {
        Scene scene = scene();
        try (WsClient watcher = socket(scene.user())) {
            watcher.next("connected");
            JsonNode started = start(scene, "");
            assertThat(started.path("state").asText()).isEqualTo("streaming");
            long seq = started.path("seq").asLong();
            assertThat(watcher.next("new_message").path("message").path("state").asText()).isEqualTo("streaming");
            for (String[] delta : new String[][] {{"0", "Hello"}, {"5", ", "}, {"7", "wörld 🌍"}}) {
                assertThat(delta(scene, seq, Integer.parseInt(delta[0]), delta[1]).status()).isEqualTo(204);
            }
            Response finished = finish(scene, seq, Map.of());
            assertThat(finished.status()).as(finished.text()).isEqualTo(200);
            assertThat(finished.json().path("message").path("state").asText()).isEqualTo("complete");
            assertThat(watcher.next("message_updated").path("message").path("body").asText()).isEqualTo("Hello, wörld 🌍");
            StreamedText seen = StreamedText.of(watcher.received(), scene.chat(), seq);
            assertThat(seen).isEqualTo(new StreamedText("Hello, wörld 🌍", "complete", 3));
            assertThat(stored(scene, seq).path("body").asText()).isEqualTo("Hello, wörld 🌍");
        }
    }

    @Test
    void a_repeated_delta_is_ignored_a_gap_or_a_complete_message_answers_409_and_a_missing_one_404() {
        Scene scene = scene();
        long seq = start(scene, "Hi").path("seq").asLong();
        assertThat(delta(scene, seq, 2, " there").status()).isEqualTo(204);
        assertThat(delta(scene, seq, 2, " there").status()).as("the same delta again").isEqualTo(204);
        assertThat(delta(scene, seq, 4, "here, you").status()).as("a retry overlapping the end").isEqualTo(204);
        assertThat(stored(scene, seq).path("body").asText()).isEqualTo("Hi there, you");
        Response gap = delta(scene, seq, 99, "!");
        assertThat(gap.status()).isEqualTo(409);
        assertThat(gap.error()).isEqualTo("stream_gap");
        assertThat(gap.json().path("message").asText()).contains("13");
        Response other = delta(scene, seq, 0, "Ho");
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.error()).isEqualTo("conflict");
        assertThat(finish(scene, seq, Map.of("body", "Hi there, you!")).status()).isEqualTo(200);
        Response again = finish(scene, seq, Map.of("body", "ignored"));
        assertThat(again.status()).as("finish is idempotent").isEqualTo(200);
        assertThat(again.json().path("message").path("body").asText()).isEqualTo("Hi there, you!");
        Response late = delta(scene, seq, 14, "?");
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.error()).isEqualTo("stream_state");
        assertThat(delta(scene, seq + 100, 0, "x").status()).isEqualTo(404);
        assertThat(finish(scene, seq + 100, Map.of()).status()).isEqualTo(404);
        assertThat(stored(scene, seq).path("body").asText()).isEqualTo("Hi there, you!");
    }

    @Test
    void bad_input_is_refused_with_400_and_changes_nothing() {
        Scene scene = scene();
        long seq = start(scene, "").path("seq").asLong();
        String path = "/api/v1/server/chats/" + scene.chat() + "/messages/" + seq + "/deltas";
        List<Object> bad = List.of(Map.of("text", "x"), Map.of("offset", -1, "text", "x"), Map.of("offset", 0),
                Map.of("offset", 0, "text", ""), Map.of("offset", "0", "text", "x"), Map.of("offset", 0.5, "text", "x"),
                Map.of("offset", 0, "text", "x".repeat(16_001)), "[1]");
        for (Object body : bad) {
            Response refused = http.post(path, key, body);
            assertThat(refused.status()).as(body + " → " + refused.text()).isEqualTo(400);
        }
        Response lone = http.request("POST", path, key, "{\"offset\": 0, \"text\": \"\\ud83c\"}");
        assertThat(lone.status()).as(lone.text()).isEqualTo(400);
        assertThat(http.post("/api/v1/server/chats/" + scene.chat() + "/messages/abc/deltas", key, Map.of("offset", 0, "text", "x"))
                .status()).isEqualTo(400);
        assertThat(finish(scene, seq, Map.of("body", "")).status()).isEqualTo(400);
        assertThat(finish(scene, seq, Map.of("body", 7)).status()).isEqualTo(400);
        JsonNode unchanged = stored(scene, seq);
        assertThat(unchanged.path("body").asText()).isEmpty();
        assertThat(unchanged.path("state").asText()).isEqualTo("streaming");
    }

    @Test
    void a_key_without_the_messages_scope_gets_403() {
        Scene scene = scene();
        long seq = start(scene, "").path("seq").asLong();
        String chatsOnly = key("chats", "users");
        String base = "/api/v1/server/chats/" + scene.chat();
        for (Response refused : List.of(
                http.post(base + "/messages/" + seq + "/deltas", chatsOnly, Map.of("offset", 0, "text", "x")),
                http.post(base + "/messages/" + seq + "/finish", chatsOnly, Map.of()),
                http.post(base + "/typing", chatsOnly, Map.of("sender_external_id", scene.bot(), "is_typing", true)))) {
            assertThat(refused.status()).as(refused.text()).isEqualTo(403);
        }
        assertThat(stored(scene, seq).path("state").asText()).isEqualTo("streaming");
    }

    @Test
    void history_and_a_resume_mid_stream_show_the_body_so_far_then_the_rest() {
        Scene scene = scene();
        long seq = start(scene, "One").path("seq").asLong();
        delta(scene, seq, 3, " two");
        JsonNode inHistory = stored(scene, seq);
        assertThat(inHistory.path("state").asText()).isEqualTo("streaming");
        assertThat(inHistory.path("body").asText()).isEqualTo("One two");
        try (WsClient resumed = WsClient.open(node.wsUrl() + "?resume=1", bearer(scene.user()))) {
            resumed.next("connected");
            resumed.send(Map.of("type", "resume", "positions", Map.of(Long.toString(scene.chat()), seq - 1)));
            JsonNode replayed = resumed.next("new_message").path("message");
            assertThat(replayed.path("body").asText()).isEqualTo("One two");
            assertThat(replayed.path("state").asText()).isEqualTo("streaming");
            resumed.next("resumed");
            delta(scene, seq, 7, " three");
            resumed.next("message_delta");
            assertThat(StreamedText.of(resumed.received(), scene.chat(), seq).body()).isEqualTo("One two three");
        }
    }

    @Test
    void a_client_that_connects_mid_stream_gets_the_body_so_far_before_the_next_delta() {
        Scene scene = scene();
        long seq = start(scene, "Once").path("seq").asLong();
        delta(scene, seq, 4, " upon");
        try (WsClient late = socket(scene.user())) {
            late.next("connected");
            streamOnAndFinish(scene, seq, late::received);
        }
    }

    @Test
    void an_event_stream_without_a_websocket_gets_the_same_body_so_far_then_deltas() {
        Scene scene = scene();
        long seq = start(scene, "Once").path("seq").asLong();
        delta(scene, seq, 4, " upon");
        try (SseClient events = SseClient.open(node.baseUrl(), HostJwt.hs256(HOST_SECRET, scene.user(), null, null), null)) {
            events.next("connected");
            streamOnAndFinish(scene, seq, events::received);
        }
    }

    /** Streams "Once upon" on to "Once upon a time." to a watcher that opened after it began. */
    private static void streamOnAndFinish(Scene scene, long seq, Supplier<List<JsonNode>> watcher) {
        delta(scene, seq, 9, " a time");
        Await.until("the body so far", WsClient.WAIT, () -> StreamedText.of(watcher.get(), scene.chat(), seq).body() != null);
        JsonNode first = watcher.get().stream().filter(f -> f.path("message").path("seq").asLong() == seq).findFirst().orElseThrow();
        assertThat(first.path("type").asText()).isEqualTo("message_updated");
        assertThat(first.path("message").path("state").asText()).isEqualTo("streaming");
        delta(scene, seq, 16, ".");
        finish(scene, seq, Map.of());
        Await.until("the finish", WsClient.WAIT, () -> "complete".equals(StreamedText.of(watcher.get(), scene.chat(), seq).state()));
        assertThat(StreamedText.of(watcher.get(), scene.chat(), seq).body()).isEqualTo(stored(scene, seq).path("body").asText())
                .isEqualTo("Once upon a time.");
    }

    @Test
    void a_stream_left_open_past_the_timeout_is_finished_with_what_it_has() {
        Scene scene = scene();
        try (WsClient watcher = socket(scene.user())) {
            watcher.next("connected");
            long seq = start(scene, "Thinking").path("seq").asLong();
            delta(scene, seq, 8, "...");
            JsonNode finished = watcher.next("message_updated", Duration.ofSeconds(15)).path("message");
            assertThat(finished.path("state").asText()).isEqualTo("complete");
            assertThat(finished.path("body").asText()).isEqualTo("Thinking...");
            assertThat(stored(scene, seq).path("state").asText()).isEqualTo("complete");
        }
    }

    @Test
    void a_streaming_message_cannot_be_edited_and_moderation_delete_ends_its_stream() {
        Scene scene = scene();
        long seq = start(scene, "Draft").path("seq").asLong();
        String botToken = HostJwt.hs256(HOST_SECRET, scene.bot(), null, null);
        Response edit = http.patch("/api/v1/chats/" + scene.chat() + "/messages/" + seq, botToken, Map.of("body", "Edited"));
        assertThat(edit.status()).as(edit.text()).isEqualTo(409);
        assertThat(edit.error()).isEqualTo("stream_state");
        assertThat(http.delete("/api/v1/server/chats/" + scene.chat() + "/messages/" + seq, key).status()).isEqualTo(204);
        assertThat(delta(scene, seq, 5, " more").status()).isEqualTo(404);
        JsonNode tombstone = stored(scene, seq);
        assertThat(tombstone.path("deleted").asBoolean()).isTrue();
        assertThat(tombstone.path("state").asText()).isEqualTo("complete");
    }

    @Test
    void the_bot_streams_over_its_own_websocket_and_shows_typing_while_it_thinks() {
        Scene scene = scene();
        try (WsClient watcher = socket(scene.user()); WsClient bot = socket(scene.bot())) {
            watcher.next("connected");
            bot.next("connected");
            Response typing = http.post("/api/v1/server/chats/" + scene.chat() + "/typing", key,
                    Map.of("sender_external_id", scene.bot(), "is_typing", true));
            assertThat(typing.status()).as(typing.text()).isEqualTo(204);
            assertThat(watcher.next("typing").path("is_typing").asBoolean()).isTrue();
            long seq = start(scene, "").path("seq").asLong();
            bot.send(Map.of("type", "message_delta", "chat_id", scene.chat(), "seq", seq, "offset", 0, "text", "Sure, "));
            bot.send(Map.of("type", "message_delta", "chat_id", scene.chat(), "seq", seq, "offset", 6, "text", "here it is."));
            bot.send(Map.of("type", "finish_message", "chat_id", scene.chat(), "seq", seq));
            assertThat(watcher.next("message_updated").path("message").path("body").asText()).isEqualTo("Sure, here it is.");
            assertThat(StreamedText.of(watcher.received(), scene.chat(), seq)).isEqualTo(new StreamedText("Sure, here it is.", "complete", 2));

            long others = start(scene, "").path("seq").asLong();
            try (WsClient user = socket(scene.user())) {
                user.next("connected");
                user.send(Map.of("type", "message_delta", "chat_id", scene.chat(), "seq", others, "offset", 0, "text", "mine"));
                assertThat(user.next("error").path("error").asText()).as("only the sender grows its message").isEqualTo("not_found");
                user.send(Map.of("type", "message_delta", "chat_id", scene.chat(), "seq", others, "offset", -1, "text", "x"));
                assertThat(user.next("error").path("error").asText()).isEqualTo("invalid_request");
            }
            assertThat(stored(scene, others).path("body").asText()).isEmpty();
        }
    }

    @Test
    void webhooks_get_message_created_at_the_start_and_message_updated_at_the_finish_not_per_delta() {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            Response hook = http.post("/api/v1/server/webhooks", key, Map.of("url", receiver.url(),
                    "events", List.of("message.created", "message.updated")));
            assertThat(hook.status()).as(hook.text()).isEqualTo(201);
            Scene scene = scene();
            long seq = start(scene, "A").path("seq").asLong();
            delta(scene, seq, 1, "B");
            delta(scene, seq, 2, "C");
            finish(scene, seq, Map.of());
            finish(scene, seq, Map.of());
            Await.until("both events", Duration.ofSeconds(20), () -> eventsOf(receiver, scene.chat()).size() >= 2);
            assertThat(eventsOf(receiver, scene.chat())).containsExactly("message.created streaming A", "message.updated complete ABC");
            http.delete("/api/v1/server/webhooks/" + hook.json().path("id").asLong(), key);
        }
    }

    private static List<String> eventsOf(WebhookReceiver receiver, long chat) {
        List<String> events = new java.util.ArrayList<>();
        for (WebhookReceiver.Delivery delivery : receiver.acknowledged()) {
            JsonNode event = HttpApi.parse(delivery.body());
            JsonNode message = event.path("data").path("message");
            if (message.path("chat_id").asLong() != chat) continue;
            events.add(event.path("type").asText() + " " + message.path("state").asText() + " " + message.path("body").asText());
        }
        return events;
    }

    static Scene scene() {
        String user = unique("user");
        String bot = unique("bot");
        putUser(user, Map.of("display_name", "User"));
        putUser(bot, Map.of("display_name", "Assistant", "bot", true));
        Response opened = http.post("/api/v1/server/chats", key, Map.of("kind", "direct", "member_external_ids", List.of(user, bot)));
        assertThat(opened.status()).as(opened.text()).isIn(200, 201);
        return new Scene(user, bot, opened.json().path("chat").path("id").asLong());
    }

    static JsonNode start(Scene scene, String body) {
        Map<String, Object> send = new HashMap<>(Map.of("sender_external_id", scene.bot(), "client_id", unique("c"),
                "body", body, "streaming", true));
        Response started = http.post("/api/v1/server/chats/" + scene.chat() + "/messages", key, send);
        assertThat(started.status()).as(started.text()).isEqualTo(201);
        return started.json().path("message");
    }

    static Response delta(Scene scene, long seq, int offset, String text) {
        return http.post("/api/v1/server/chats/" + scene.chat() + "/messages/" + seq + "/deltas", key,
                Map.of("offset", offset, "text", text));
    }

    static Response finish(Scene scene, long seq, Map<String, Object> body) {
        return http.post("/api/v1/server/chats/" + scene.chat() + "/messages/" + seq + "/finish", key, body);
    }

    /** The message as history holds it, read by the user. */
    static JsonNode stored(Scene scene, long seq) {
        Response page = http.get("/api/v1/chats/" + scene.chat() + "/messages?after_seq=" + (seq - 1) + "&limit=1",
                HostJwt.hs256(HOST_SECRET, scene.user(), null, null));
        assertThat(page.status()).as(page.text()).isEqualTo(200);
        return page.json().path("messages").get(0);
    }

    static WsClient socket(String externalId) {
        return WsClient.open(node.wsUrl(), bearer(externalId));
    }

    static Map<String, String> bearer(String externalId) {
        return Map.of("Authorization", "Bearer " + HostJwt.hs256(HOST_SECRET, externalId, null, null));
    }

    static String key(String... scopes) {
        Response created = http.post("/api/v1/admin/keys", ADMIN, Map.of("name", "streams", "scopes", List.of(scopes)));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().path("key").asText();
    }

    private static void putUser(String externalId, Map<String, Object> profile) {
        Response put = http.request("PUT", "/api/v1/server/users/" + externalId, key, profile);
        assertThat(put.status()).as(put.text()).isIn(200, 201);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
