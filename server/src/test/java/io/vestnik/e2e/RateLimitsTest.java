package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.Response;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.TestNode;
import io.vestnik.testing.WsClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Rate limits, switched on: sign-in attempts per address, sends per connection and per user, and
 * flooding. Users are signed up from their own loopback addresses (127.0.1.x) so sign-ups do not
 * spend 127.0.0.1's sign-in budget.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RateLimitsTest {
    private static final String PASSWORD = "correct horse 1";
    private static final AtomicInteger ADDRESSES = new AtomicInteger();
    static TestNode node;
    static HttpApi http;

    @BeforeAll
    static void startNode() {
        node = TestNode.start(TestNode.Storage.SQLITE, Map.of("VESTNIK_RATE_LIMITS", "on"));
        http = node.http();
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void the_eleventh_login_from_one_address_within_five_minutes_gets_429() {
        User alice = register("alice");
        for (int attempt = 1; attempt <= 10; attempt++) {
            Response r = http.post("/api/v1/auth/login", null, Map.of("username", alice.username(), "password", PASSWORD));
            assertThat(r.status()).as("attempt %d", attempt).isEqualTo(200);
            assertThat(header(r.headers(), "X-RateLimit-Limit")).isEqualTo(10);
            assertThat(header(r.headers(), "X-RateLimit-Remaining")).isEqualTo(10 - attempt);
            assertThat(header(r.headers(), "X-RateLimit-Reset")).isPositive();
        }
        double violations = violations();
        Response refused = http.post("/api/v1/auth/login", null, Map.of("username", alice.username(), "password", PASSWORD));
        assertRateLimited(refused);
        assertThat(violations()).as("vestnik_rate_limit_violations_total").isGreaterThan(violations);
        assertThat(send(loopback(), "POST", "/api/v1/auth/login",
                Map.of("username", alice.username(), "password", PASSWORD)).status())
                .as("another address has its own budget").isEqualTo(200);
    }

    @Test
    void websocket_sends_past_the_connection_budget_get_a_rate_limited_error_and_the_socket_lives_on() {
        User alice = register("alice");
        User bob = register("bob");
        long chat = http.directChat(alice, bob);
        try (WsClient ws = WsClient.connect(node, alice)) {
            ws.next("connected");
            for (int i = 1; i <= 30; i++) {
                ws.send(Map.of("type", "send", "chat_id", chat, "client_id", "m" + i, "body", "hello " + i));
            }
            JsonNode error = ws.next("error");
            assertThat(error.path("error").asText()).isEqualTo("rate_limited");
            assertThat(error.path("retry_after").asLong()).isPositive();
            assertThat(error.path("client_id").asText()).matches("m\\d+");
            assertThat(Integer.parseInt(error.path("client_id").asText().substring(1))).isGreaterThan(25);
            ws.send(Map.of("type", "ping"));
            ws.next("pong");
            assertThat(ws.isClosed()).isFalse();
            List<JsonNode> acks = ws.drain("ack");
            assertThat(acks).hasSize(25);
        }
    }

    @Test
    void http_sends_carry_rate_limit_headers_and_get_429_past_the_user_budget() {
        User alice = register("alice");
        User bob = register("bob");
        long chat = http.directChat(alice, bob);
        long started = System.nanoTime();
        int sent = 0;
        Response last;
        while (true) {
            last = http.post("/api/v1/chats/" + chat + "/messages", alice.token(), Map.of("client_id", "h" + sent, "body", "x"));
            if (last.status() != 201) break;
            sent++;
            assertThat(header(last.headers(), "X-RateLimit-Limit")).isEqualTo(60);
            assertThat(header(last.headers(), "X-RateLimit-Remaining")).isBetween(0L, 59L);
            assertThat(last.headers().firstValue("X-RateLimit-Reset")).isPresent();
            assertThat(sent).as("the budget must run out").isLessThan(200);
        }
        assertRateLimited(last);
        // 60 at once, plus what refilled while sending (50 a minute: one every 1.2 s)
        long refilled = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) / 1200 + 1;
        assertThat(sent).isBetween(60, (int) (60 + refilled));
    }

    @Test
    void pings_are_not_counted() {
        User alice = register("alice");
        try (WsClient ws = WsClient.connect(node, alice)) {
            ws.next("connected");
            for (int i = 0; i < 100; i++) ws.send(Map.of("type", "ping"));
            assertThat(ws.take("pong", 100)).hasSize(100);
            assertThat(ws.isClosed()).isFalse();
            assertThat(ws.drain("error")).isEmpty();
        }
    }

    @Test
    void a_burst_within_the_frame_budget_is_slowed_down_not_closed() {
        User alice = register("alice");
        User bob = register("bob");
        long chat = http.directChat(alice, bob);
        try (WsClient ws = WsClient.connect(node, alice)) {
            ws.next("connected");
            for (int i = 0; i < 300; i++) ws.send(Map.of("type", "typing", "chat_id", chat, "is_typing", i % 2 == 0));
            ws.send(Map.of("type", "ping"));
            ws.next("pong");
            assertThat(ws.isClosed()).isFalse();
            assertThat(ws.drain("error")).isEmpty();
        }
    }

    @Test
    void flooding_with_frames_closes_the_socket_with_4008() {
        User alice = register("alice");
        User bob = register("bob");
        long chat = http.directChat(alice, bob);
        try (WsClient ws = WsClient.connect(node, alice)) {
            ws.next("connected");
            try {
                for (int i = 0; i < 700 && !ws.isClosed(); i++) {
                    ws.send(Map.of("type", "typing", "chat_id", chat, "is_typing", i % 2 == 0));
                }
            } catch (RuntimeException closedWhileSending) {
                // the server may close before the last frame goes out
            }
            assertThat(ws.closeCode()).isEqualTo(4008);
        }
    }

    private static void assertRateLimited(Response r) {
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.error()).isEqualTo("rate_limited");
        long retryAfter = r.json().path("retry_after").asLong();
        assertThat(retryAfter).isPositive();
        assertThat(header(r.headers(), "Retry-After")).isEqualTo(retryAfter);
    }

    private static double violations() {
        double sum = 0;
        for (String line : http.get("/metrics", null).text().split("\n")) {
            if (line.startsWith("vestnik_rate_limit_violations_total")) sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return sum;
    }

    private static long header(HttpHeaders headers, String name) {
        return Long.parseLong(headers.firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " header")));
    }

    /** Signs up from a fresh loopback address, leaving 127.0.0.1's sign-in budget alone. */
    private static User register(String prefix) {
        String username = prefix + "rl" + ADDRESSES.get() + "x" + System.nanoTime() % 100_000;
        Response r = send(loopback(), "POST", "/api/v1/auth/register", Map.of("username", username, "password", PASSWORD));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        JsonNode json = r.json();
        return new User(json.path("user").path("id").asLong(), username, json.path("access_token").asText(),
                json.path("session_id").asLong(), json.path("refresh_token").asText());
    }

    private static HttpClient loopback() {
        try {
            return HttpClient.newBuilder().localAddress(InetAddress.getByName("127.0.1." + (ADDRESSES.incrementAndGet() % 250 + 1))).build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response send(HttpClient client, String method, String path, Object body) {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
                    .method(method, HttpRequest.BodyPublishers.ofString(HttpApi.JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? null : HttpApi.JSON.readTree(response.body());
            return new Response(response.statusCode(), json, response.headers(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
