package io.vestnik.e2e;

import static io.vestnik.e2e.WebhookChecks.firstAcknowledged;
import static io.vestnik.e2e.WebhookChecks.ofChat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.Await;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.Response;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.TestNode;
import io.vestnik.testing.WebhookReceiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #11, webhooks, against a real node and a real receiver on 127.0.0.1: signed, at least
 * once, in order per chat, retried until the receiver is back, dead-lettered and replayed, and
 * never in the way of a send.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WebhooksTest {
    static final String ADMIN = "webhooks-admin-token-0123456789";
    static final Map<String, String> SHORT_RETRIES = Map.of("VESTNIK_ADMIN_TOKEN", ADMIN, "VESTNIK_WEBHOOKS_ALLOW_PRIVATE", "true",
            "VESTNIK_WEBHOOK_RETRY_BASE", "50ms", "VESTNIK_WEBHOOK_RETRY_MAX", "300ms", "VESTNIK_WEBHOOK_TIMEOUT", "2s",
            "VESTNIK_UNREAD_HOOK_DELAY", "1s");
    static TestNode node;
    static HttpApi http;
    static String key;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestNode.Storage.SQLITE, SHORT_RETRIES);
        http = node.http();
        key = key(http);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static String key(HttpApi http) {
        return http.post("/api/v1/admin/keys", ADMIN, Map.of("name", "host", "scopes", List.of("webhooks"))).json().path("key").asText();
    }

    static JsonNode webhook(HttpApi http, String key, String url, String... events) {
        Response created = http.post("/api/v1/server/webhooks", key, Map.of("url", url, "events", events));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json();
    }

    @Test
    void a_receiver_down_for_a_while_then_back_gets_every_event_signed_in_order_per_chat() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.answer(503);
            JsonNode hook = webhook(http, key, receiver.url(), "chat.created", "message.created", "message.updated");
            User ann = http.register("ann");
            long one = http.directChat(ann, http.register("bob"));
            long two = http.directChat(ann, http.register("cid"));
            for (int i = 1; i <= 4; i++) {
                http.send(ann, one, UUID.randomUUID().toString(), "one " + i);
                http.send(ann, two, UUID.randomUUID().toString(), "two " + i);
            }
            assertThat(http.patch("/api/v1/chats/" + one + "/messages/1", ann.token(), Map.of("body", "one 1!")).status()).isEqualTo(200);
            Await.until("the receiver refused retries for a while", Duration.ofSeconds(20),
                    () -> receiver.deliveries().size() >= 10);
            receiver.answer(200);
            Await.until("all 11 events acknowledged", Duration.ofSeconds(30),
                    () -> firstAcknowledged(receiver.deliveries()).size() == 11);
            List<JsonNode> events = firstAcknowledged(receiver.deliveries());
            assertThat(ofChat(events, one)).containsExactly("chat.created 0", "message.created 1", "message.created 2",
                    "message.created 3", "message.created 4", "message.updated 1");
            assertThat(ofChat(events, two)).containsExactly("chat.created 0", "message.created 1", "message.created 2",
                    "message.created 3", "message.created 4");
            WebhookChecks.assertSignedAndStable(receiver.deliveries(), hook.path("secret").asText());
            http.delete("/api/v1/server/webhooks/" + hook.path("id").asLong(), key);
        }
    }

    @Test
    void message_reaction_fires_once_per_change_with_the_counts_after_it() {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            JsonNode hook = webhook(http, key, receiver.url(), "message.reaction");
            User ann = http.register("ann");
            User bob = http.register("bob");
            long chat = http.directChat(ann, bob);
            long seq = http.send(ann, chat, UUID.randomUUID().toString(), "ship it").path("seq").asLong();
            String thumbs = "/api/v1/chats/" + chat + "/messages/" + seq + "/reactions/%F0%9F%91%8D";
            http.request("PUT", thumbs, bob.token(), null);
            http.request("PUT", thumbs, bob.token(), null);
            http.request("DELETE", thumbs, bob.token(), null);
            Await.until("two reaction events", Duration.ofSeconds(20), () -> receiver.acknowledged().size() >= 2);
            List<JsonNode> data = receiver.acknowledged().stream().map(d -> HttpApi.parse(d.body()).path("data")).toList();
            assertThat(data).extracting(d -> d.path("added").asBoolean()).as("the repeat wrote nothing").containsExactly(true, false);
            assertThat(data.getFirst().path("user").path("user_id").asLong()).isEqualTo(bob.id());
            assertThat(data.getFirst().path("emoji").asText()).isEqualTo("👍");
            assertThat(data.getFirst().path("reactions").get(0).path("count").asInt()).isEqualTo(1);
            assertThat(data.getLast().path("reactions")).isEmpty();
            http.delete("/api/v1/server/webhooks/" + hook.path("id").asLong(), key);
        }
    }

    @Test
    void a_slow_receiver_does_not_slow_sends() {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            User ann = http.register("ann");
            long chat = http.directChat(ann, http.register("bob"));
            List<Long> without = sendTimed(ann, chat, 30);
            receiver.delay(Duration.ofSeconds(3));
            JsonNode hook = webhook(http, key, receiver.url(), "message.created");
            List<Long> with = sendTimed(ann, chat, 30);
            System.out.printf("send latency ms without webhook p50=%d max=%d; with a receiver taking 3 s p50=%d max=%d%n",
                    p50(without), Collections.max(without), p50(with), Collections.max(with));
            assertThat(receiver.acknowledged()).as("deliveries lag behind, one at a time").hasSizeLessThanOrEqualTo(1);
            assertThat(Collections.max(with)).as("no send waited for the receiver").isLessThan(1_000);
            assertThat(p50(with)).isLessThan(p50(without) + 50);
            http.delete("/api/v1/server/webhooks/" + hook.path("id").asLong(), key);
        }
    }

    private static List<Long> sendTimed(User sender, long chat, int count) {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            http.send(sender, chat, UUID.randomUUID().toString(), "timed " + i);
            millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
        return millis;
    }

    private static long p50(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    @Test
    void webhooks_are_listed_without_their_secret_read_and_deleted() {
        JsonNode hook = webhook(http, key, "http://127.0.0.1:9/one", "member.added", "member.removed");
        assertThat(hook.path("secret").asText()).startsWith("whsec_");
        assertThat(hook.path("events")).extracting(JsonNode::asText).containsExactly("member.added", "member.removed");
        String path = "/api/v1/server/webhooks/" + hook.path("id").asLong();
        JsonNode listed = http.get("/api/v1/server/webhooks", key).json().path("webhooks");
        assertThat(listed).anySatisfy(w -> assertThat(w.path("id").asLong()).isEqualTo(hook.path("id").asLong()));
        assertThat(listed).allSatisfy(w -> assertThat(w.has("secret")).isFalse());
        assertThat(http.get(path, key).json().path("url").asText()).isEqualTo("http://127.0.0.1:9/one");
        assertThat(http.delete(path, key).status()).isEqualTo(204);
        assertThat(http.get(path, key).status()).isEqualTo(404);
        assertThat(http.delete(path, key).status()).isEqualTo(404);
    }

    @Test
    void an_unknown_event_type_or_no_event_is_refused() {
        Response unknown = http.post("/api/v1/server/webhooks", key, Map.of("url", "http://127.0.0.1:9/x", "events", List.of("message.sent")));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.text()).contains("message.sent");
        assertThat(http.post("/api/v1/server/webhooks", key, Map.of("url", "http://127.0.0.1:9/x", "events", List.of())).status())
                .isEqualTo(400);
    }

    @Test
    void message_unread_fires_once_for_a_member_who_left_messages_unread_and_not_for_one_who_read_in_time() {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            JsonNode hook = webhook(http, key, receiver.url(), "message.unread");
            User ann = http.register("ann");
            User bob = http.register("bob");
            User cid = http.register("cid");
            long chat = http.post("/api/v1/chats", ann.token(), Map.of("kind", "group", "title", "Unread",
                    "member_ids", List.of(bob.id(), cid.id()))).json().path("chat").path("id").asLong();
            http.send(ann, chat, "u1", "first");
            http.send(ann, chat, "u2", "second");
            assertThat(http.post("/api/v1/chats/" + chat + "/read", bob.token(), Map.of("seq", 2)).status()).isEqualTo(200);
            Await.until("message.unread for cid", Duration.ofSeconds(20), () -> !firstAcknowledged(receiver.deliveries()).isEmpty());
            JsonNode unread = firstAcknowledged(receiver.deliveries()).getFirst();
            assertThat(unread.path("type").asText()).isEqualTo("message.unread");
            JsonNode data = unread.path("data");
            assertThat(data.path("chat_id").asLong()).isEqualTo(chat);
            assertThat(data.path("recipient").path("user_id").asLong()).isEqualTo(cid.id());
            assertThat(data.path("unread_count").asLong()).isEqualTo(2);
            assertThat(data.path("last_message").path("preview").asText()).isEqualTo("second");
            assertThat(data.path("last_message").path("sender").path("user_id").asLong()).isEqualTo(ann.id());
            assertThat(firstAcknowledged(receiver.deliveries())).as("nothing for bob, who read in time").hasSize(1);
            http.delete("/api/v1/server/webhooks/" + hook.path("id").asLong(), key);
        }
    }

    @Test
    void notification_created_reaches_a_receiver_signed_and_in_order_per_user() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.answer(503);
            JsonNode hook = webhook(http, key, receiver.url(), "notification.created");
            String notifier = http.post("/api/v1/admin/keys", ADMIN, Map.of("name", "notifier", "scopes", List.of("users", "notifications")))
                    .json().path("key").asText();
            List<String> people = List.of("anna-" + UUID.randomUUID(), "boris-" + UUID.randomUUID());
            for (String person : people) http.request("PUT", "/api/v1/server/users/" + person, notifier, Map.of("display_name", person));
            for (int i = 1; i <= 3; i++) {
                for (String person : people) {
                    Response sent = http.post("/api/v1/server/notifications", notifier,
                            Map.of("external_id", person, "kind", "order", "title", "update " + i, "data", Map.of("n", i)));
                    assertThat(sent.status()).as(sent.text()).isEqualTo(201);
                }
            }
            Await.until("the receiver refused a few", Duration.ofSeconds(20), () -> receiver.deliveries().size() >= 2);
            receiver.answer(200);
            Await.until("all 6 acknowledged", Duration.ofSeconds(30), () -> firstAcknowledged(receiver.deliveries()).size() == 6);
            List<JsonNode> events = firstAcknowledged(receiver.deliveries());
            for (String person : people) {
                assertThat(events.stream().filter(e -> e.path("data").path("recipient").path("external_id").asText().equals(person))
                        .map(e -> e.path("type").asText() + " " + e.path("data").path("notification").path("seq").asLong()
                                + " " + e.path("data").path("notification").path("title").asText()
                                + " " + e.path("data").path("notification").path("data").path("n").asInt()))
                        .as("%s's notifications, in their order", person)
                        .containsExactly("notification.created 1 update 1 1", "notification.created 2 update 2 2",
                                "notification.created 3 update 3 3");
            }
            WebhookChecks.assertSignedAndStable(receiver.deliveries(), hook.path("secret").asText());
            http.delete("/api/v1/server/webhooks/" + hook.path("id").asLong(), key);
        }
    }

    @Test
    void an_endpoint_gets_several_chats_at_once_but_never_more_than_its_share() {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.delay(Duration.ofMillis(300));
            JsonNode hook = webhook(http, key, receiver.url(), "message.created");
            User ann = http.register("ann");
            for (int i = 0; i < 12; i++) http.send(ann, http.directChat(ann, http.register("peer")), "c" + i, "hello");
            Await.until("12 events acknowledged", Duration.ofSeconds(30), () -> firstAcknowledged(receiver.deliveries()).size() == 12);
            assertThat(receiver.mostAtOnce()).as("VESTNIK_WEBHOOK_CONCURRENCY (4) per endpoint and node").isBetween(2, 4);
            http.delete("/api/v1/server/webhooks/" + hook.path("id").asLong(), key);
        }
    }
}
