package io.vestnik.e2e;

import static io.vestnik.e2e.WebhookChecks.firstAcknowledged;
import static io.vestnik.e2e.WebhookChecks.ofChat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.Await;
import io.vestnik.testing.Cluster;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.NodeProcess;
import io.vestnik.testing.PostgresDatabase;
import io.vestnik.testing.TestNode;
import io.vestnik.testing.WebhookReceiver;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Webhooks when things go wrong: a crashed node, an endpoint that never answers, an inside address. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class WebhookFailuresTest {

    @Test
    void a_node_killed_mid_delivery_loses_no_event() throws Exception {
        Map<String, String> settings = new HashMap<>(WebhooksTest.SHORT_RETRIES);
        settings.put("VESTNIK_DATA_DIR", Files.createTempDirectory("vestnik-webhooks").toString());
        settings.put("VESTNIK_WEBHOOK_TIMEOUT", "1s");
        try (WebhookReceiver receiver = WebhookReceiver.start();
             NodeProcess node = NodeProcess.start("webhooks", Cluster.freePort(), settings)) {
            HttpApi http = node.http();
            receiver.delay(Duration.ofMillis(150));
            JsonNode hook = WebhooksTest.webhook(http, WebhooksTest.key(http), receiver.url(), "message.created");
            User ann = http.register("ann");
            long one = http.directChat(ann, http.register("bob"));
            long two = http.directChat(ann, http.register("cid"));
            for (int i = 1; i <= 10; i++) {
                http.send(ann, one, UUID.randomUUID().toString(), "one " + i);
                http.send(ann, two, UUID.randomUUID().toString(), "two " + i);
            }
            Await.until("deliveries under way", Duration.ofSeconds(20), () -> receiver.acknowledged().size() >= 3);
            node.kill();
            int beforeCrash = firstAcknowledged(receiver.deliveries()).size();
            assertThat(beforeCrash).as("killed in the middle").isLessThan(20);
            node.restart();
            Await.until("every event delivered after the restart", Duration.ofSeconds(60),
                    () -> firstAcknowledged(receiver.deliveries()).size() == 20);
            List<String> expected = IntStream.rangeClosed(1, 10).mapToObj(i -> "message.created " + i).toList();
            List<JsonNode> events = firstAcknowledged(receiver.deliveries());
            assertThat(ofChat(events, one)).containsExactlyElementsOf(expected);
            assertThat(ofChat(events, two)).containsExactlyElementsOf(expected);
            WebhookChecks.assertSignedAndStable(receiver.deliveries(), hook.path("secret").asText());
        }
    }

    @Test
    void two_nodes_on_one_postgresql_share_the_deliveries_never_sending_one_event_twice_at_once() {
        Map<String, String> settings = new HashMap<>(WebhooksTest.SHORT_RETRIES);
        try (PostgresDatabase database = PostgresDatabase.create(); WebhookReceiver receiver = WebhookReceiver.start()) {
            settings.put("VESTNIK_DATABASE_URL", database.url());
            receiver.delay(Duration.ofMillis(20));
            try (TestNode first = TestNode.start(TestNode.Storage.SQLITE, settings);
                 TestNode second = TestNode.start(TestNode.Storage.SQLITE, settings)) {
                HttpApi http = first.http();
                WebhooksTest.webhook(http, WebhooksTest.key(http), receiver.url(), "message.created");
                User ann = http.register("ann");
                List<Long> chats = IntStream.range(0, 4).mapToObj(i -> http.directChat(ann, http.register("peer"))).toList();
                for (int i = 1; i <= 10; i++) {
                    for (long chat : chats) http.send(ann, chat, UUID.randomUUID().toString(), "m" + i);
                }
                Await.until("all 40 events delivered", Duration.ofSeconds(60),
                        () -> firstAcknowledged(receiver.deliveries()).size() == 40);
                List<String> expected = IntStream.rangeClosed(1, 10).mapToObj(i -> "message.created " + i).toList();
                for (long chat : chats) assertThat(ofChat(firstAcknowledged(receiver.deliveries()), chat)).containsExactlyElementsOf(expected);
                assertThat(receiver.overlaps()).as("an event sent by two nodes at once").isZero();
                assertThat(second.http().get("/health/ready", null).status()).as("the second node delivered alongside").isEqualTo(200);
            }
        }
    }

    @Test
    void an_event_failing_for_the_whole_retry_period_is_dead_lettered_and_replayed_by_the_operator() {
        Map<String, String> settings = new HashMap<>(WebhooksTest.SHORT_RETRIES);
        settings.put("VESTNIK_WEBHOOK_RETRY_FOR", "1s");
        try (WebhookReceiver receiver = WebhookReceiver.start();
             TestNode node = TestNode.start(TestNode.Storage.SQLITE, settings)) {
            HttpApi http = node.http();
            receiver.answer(500);
            WebhooksTest.webhook(http, WebhooksTest.key(http), receiver.url(), "message.created");
            User ann = http.register("ann");
            http.send(ann, http.directChat(ann, http.register("bob")), "c1", "undeliverable");
            String deadLetters = "/api/v1/admin/webhooks/dead-letters";
            Await.until("the event is dead-lettered", Duration.ofSeconds(20),
                    () -> http.get(deadLetters, WebhooksTest.ADMIN).json().path("events").size() == 1);
            JsonNode dead = http.get(deadLetters, WebhooksTest.ADMIN).json().path("events").get(0);
            assertThat(dead.path("type").asText()).isEqualTo("message.created");
            assertThat(dead.path("last_error").asText()).isEqualTo("HTTP 500");
            assertThat(dead.path("data").path("message").path("body").asText()).isEqualTo("undeliverable");
            int tries = receiver.deliveries().size();
            receiver.answer(200);
            String id = dead.path("id").asText();
            assertThat(http.post(deadLetters + "/" + id + "/replay", WebhooksTest.ADMIN, null).status()).isEqualTo(200);
            Await.until("the replayed event is delivered", Duration.ofSeconds(20),
                    () -> receiver.acknowledged().stream().anyMatch(d -> d.eventId().equals(id)));
            assertThat(receiver.deliveries().size()).isGreaterThan(tries);
            assertThat(http.get(deadLetters, WebhooksTest.ADMIN).json().path("events").size()).isZero();
            assertThat(http.post(deadLetters + "/" + id + "/replay", WebhooksTest.ADMIN, null).status()).isEqualTo(404);
            String metrics = http.get("/metrics", null).text();
            assertThat(metrics).containsPattern("vestnik_webhook_deliveries_total\\{[^}]*outcome=\"dead_lettered\"[^}]*} 1\\.0")
                    .containsPattern("vestnik_webhook_deliveries_total\\{[^}]*outcome=\"acknowledged\"[^}]*} 1\\.0");
        }
    }

    @Test
    void a_url_on_a_loopback_private_or_link_local_address_is_refused() {
        try (TestNode node = TestNode.start(TestNode.Storage.SQLITE, Map.of("VESTNIK_ADMIN_TOKEN", WebhooksTest.ADMIN))) {
            HttpApi http = node.http();
            String key = WebhooksTest.key(http);
            for (String url : List.of("http://127.0.0.1:8080/hook", "http://localhost/hook", "http://10.1.2.3/hook",
                    "http://192.168.0.10/hook", "http://169.254.169.254/latest/meta-data", "http://[::1]/hook",
                    "http://[fd00::1]/hook", "ftp://93.184.216.34/hook", "http://user:pw@93.184.216.34/hook")) {
                var refused = http.post("/api/v1/server/webhooks", key, Map.of("url", url, "events", List.of("message.created")));
                assertThat(refused.status()).as(url).isEqualTo(400);
            }
            var accepted = http.post("/api/v1/server/webhooks", key,
                    Map.of("url", "https://192.0.2.1/hook", "events", List.of("message.unread")));
            assertThat(accepted.status()).as(accepted.text()).isEqualTo(201);
        }
    }
}
