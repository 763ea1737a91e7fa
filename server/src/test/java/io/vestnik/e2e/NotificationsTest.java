package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.HostJwt;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.Response;
import io.vestnik.testing.SseClient;
import io.vestnik.testing.TestNode;
import io.vestnik.testing.WsClient;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #11: the host sends its users notifications through the server API; each reaches every
 * live connection of the user once, and the devices that were away get the ones they missed on
 * resume, in seq order, then the live ones, with no duplicate and no gap.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NotificationsTest {
    static final String ADMIN = "notifications-admin-token-0123456789";
    static final String HOST_SECRET = "notifications-host-secret-0123456789-abcdef";
    static TestNode node;
    static HttpApi http;
    static String key;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestNode.Storage.SQLITE, Map.of("VESTNIK_ADMIN_TOKEN", ADMIN, "VESTNIK_HOST_JWT_SECRET", HOST_SECRET));
        http = node.http();
        key = key("users", "notifications");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void a_notification_reaches_a_websocket_and_an_event_stream_of_the_user_once() {
        String anna = user();
        try (WsClient socket = socket(anna); SseClient sse = SseClient.open(node.baseUrl(), token(anna), null)) {
            socket.next("connected");
            sse.next("connected");
            JsonNode sent = notify(anna, "Your order shipped").path("notification");
            assertThat(sent.path("seq").asLong()).isEqualTo(1);
            for (JsonNode event : List.of(socket.next("notification"), sse.next("notification"))) {
                assertThat(event.path("notification")).isEqualTo(sent);
            }
            notify(anna, "Second");
            assertThat(socket.next("notification").path("notification").path("seq").asLong()).as("no duplicate of 1").isEqualTo(2);
            assertThat(sse.next("notification").path("notification").path("seq").asLong()).as("no duplicate of 1").isEqualTo(2);
        }
    }

    @Test
    void a_websocket_that_was_away_gets_the_missed_notifications_in_order_on_resume_then_live_ones() {
        String anna = user();
        try (WsClient socket = socket(anna)) {
            socket.next("connected");
            notify(anna, "seen");
            socket.next("notification");
        }
        for (int n = 1; n <= 3; n++) notify(anna, "while away " + n);
        try (WsClient socket = WsClient.open(node.wsUrl() + "?resume=1", Map.of("Authorization", "Bearer " + token(anna)))) {
            socket.next("connected");
            notify(anna, "live, before the resume");
            socket.send(Map.of("type", "resume", "positions", Map.of("notifications", 1)));
            socket.next("resumed");
            notify(anna, "live, after the resume");
            assertThat(seqs(socket.take("notification", 5))).containsExactly(2L, 3L, 4L, 5L, 6L);
            notify(anna, "last");
            assertThat(socket.next("notification").path("notification").path("seq").asLong()).isEqualTo(7);
        }
    }

    @Test
    void an_event_stream_resumes_notifications_from_its_last_event_id() {
        String anna = user();
        String lastSeen;
        try (SseClient sse = SseClient.open(node.baseUrl(), token(anna), null)) {
            sse.next("connected");
            notify(anna, "seen");
            sse.next("notification");
            lastSeen = sse.lastEventId();
        }
        notify(anna, "missed 1");
        notify(anna, "missed 2");
        try (SseClient sse = SseClient.open(node.baseUrl(), token(anna), lastSeen)) {
            assertThat(seqs(sse.take("notification", 2))).containsExactly(2L, 3L);
            notify(anna, "live");
            assertThat(sse.next("notification").path("notification").path("seq").asLong()).isEqualTo(4);
        }
    }

    @Test
    void a_long_poll_cursor_carries_the_notification_position() {
        String anna = user();
        String cursor = poll(anna, null).path("cursor").asText();
        notify(anna, "first");
        notify(anna, "second");
        JsonNode answer = poll(anna, cursor);
        assertThat(seqs(list(answer.path("events")))).containsExactly(1L, 2L);
        notify(anna, "third");
        assertThat(seqs(list(poll(anna, answer.path("cursor").asText()).path("events")))).containsExactly(3L);
    }

    private static JsonNode poll(String externalId, String cursor) {
        Response answer = http.get("/api/v1/events/poll?timeout=0" + (cursor == null ? "" : "&cursor=" + cursor), token(externalId));
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void the_user_pages_through_notifications_and_marks_them_read() {
        String anna = user();
        for (int n = 1; n <= 5; n++) notify(anna, "n" + n);
        JsonNode first = http.get("/api/v1/notifications?limit=3", token(anna)).json();
        assertThat(seqs(list(first.path("notifications")))).containsExactly(1L, 2L, 3L);
        assertThat(first.path("has_more").asBoolean()).isTrue();
        assertThat(first.path("unread").asLong()).isEqualTo(5);
        JsonNode rest = http.get("/api/v1/notifications?after_seq=3&limit=3", token(anna)).json();
        assertThat(seqs(list(rest.path("notifications")))).containsExactly(4L, 5L);
        assertThat(rest.path("has_more").asBoolean()).isFalse();

        Response read = http.post("/api/v1/notifications/read", token(anna), Map.of("up_to_seq", 4));
        assertThat(read.status()).as(read.text()).isEqualTo(200);
        assertThat(read.json().path("read_seq").asLong()).isEqualTo(4);
        assertThat(read.json().path("unread").asLong()).isEqualTo(1);
        JsonNode after = http.get("/api/v1/notifications?after_seq=3", token(anna)).json();
        assertThat(list(after.path("notifications"))).extracting(n -> n.path("read").asBoolean()).containsExactly(true, false);
    }

    @Test
    void a_retried_send_with_the_same_client_id_notifies_once() {
        String anna = user();
        try (WsClient socket = socket(anna)) {
            socket.next("connected");
            Map<String, Object> send = Map.of("external_id", anna, "client_id", "order-7", "kind", "order", "title", "Shipped");
            Response first = http.post("/api/v1/server/notifications", key, send);
            Response again = http.post("/api/v1/server/notifications", key, send);
            assertThat(first.status()).isEqualTo(201);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.json().path("notification")).isEqualTo(first.json().path("notification"));
            notify(anna, "next");
            assertThat(seqs(socket.take("notification", 2))).containsExactly(1L, 2L);
        }
    }

    @Test
    void bad_sends_are_refused_with_the_reason() {
        String anna = user();
        assertRefused(400, "title", Map.of("external_id", anna, "kind", "k", "title", "t".repeat(201)));
        assertRefused(400, "body", Map.of("external_id", anna, "kind", "k", "title", "t", "body", "b".repeat(4001)));
        assertRefused(400, "kind", Map.of("external_id", anna, "kind", "k".repeat(65), "title", "t"));
        assertRefused(400, "kind", Map.of("external_id", anna, "title", "t"));
        assertRefused(400, "data", Map.of("external_id", anna, "kind", "k", "title", "t", "data", Map.of("x", "d".repeat(5000))));
        assertRefused(400, "external_id", Map.of("kind", "k", "title", "t"));
        assertRefused(404, "nobody", Map.of("external_id", "nobody-" + anna, "kind", "k", "title", "t"));
        Response unscoped = http.post("/api/v1/server/notifications", key("users"), Map.of("external_id", anna, "kind", "k", "title", "t"));
        assertThat(unscoped.status()).isEqualTo(403);
        assertThat(http.post("/api/v1/server/notifications", token(anna), Map.of()).status()).isEqualTo(401);
        assertThat(http.get("/api/v1/notifications", token(anna)).json().path("notifications")).isEmpty();
    }

    private static void assertRefused(int status, String mentioned, Map<String, Object> send) {
        Response response = http.post("/api/v1/server/notifications", key, send);
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.json().path("message").asText()).contains(mentioned);
    }

    static JsonNode notify(String externalId, String title) {
        Response sent = http.post("/api/v1/server/notifications", key,
                Map.of("external_id", externalId, "kind", "order", "title", title, "body", "Details", "data", Map.of("order", 7)));
        assertThat(sent.status()).as(sent.text()).isEqualTo(201);
        return sent.json();
    }

    static List<Long> seqs(List<JsonNode> events) {
        return events.stream().map(e -> (e.has("notification") ? e.path("notification") : e).path("seq").asLong()).toList();
    }

    static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new java.util.ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    private static String user() {
        String externalId = "n-" + UUID.randomUUID().toString().substring(0, 8);
        Response put = http.request("PUT", "/api/v1/server/users/" + externalId, key, Map.of("display_name", "Anna"));
        assertThat(put.status()).as(put.text()).isEqualTo(201);
        return externalId;
    }

    private static WsClient socket(String externalId) {
        return WsClient.open(node.wsUrl(), Map.of("Authorization", "Bearer " + token(externalId)));
    }

    private static String token(String externalId) {
        return HostJwt.hs256(HOST_SECRET, externalId, null, null);
    }

    private static String key(String... scopes) {
        Response created = http.post("/api/v1/admin/keys", ADMIN, Map.of("name", "test", "scopes", List.of(scopes)));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().path("key").asText();
    }
}
