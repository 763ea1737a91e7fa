package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.Response;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.SseClient;
import io.vestnik.testing.TestNode;
import io.vestnik.testing.WsClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A signed-in user's budget on every route that changes something, with the contract's headers
 * on every answer, and typing that cannot fan out more than about once a second per chat.
 * Each test signs up its own users, so budgets do not leak between tests.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RouteRateLimitsTest {
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
    void every_route_that_changes_something_answers_with_the_rate_limit_headers() {
        User alice = signUp("alice");
        User bob = signUp("bob");
        User carol = signUp("carol");
        long chat = http.directChat(alice, bob);
        http.send(alice, chat, "m1", "one");
        http.send(alice, chat, "m2", "two");
        Map<String, Supplier<Response>> routes = new LinkedHashMap<>();
        routes.put("create a chat", () -> http.post("/api/v1/chats", alice.token(),
                Map.of("kind", "group", "title", "g", "member_ids", List.of(bob.id()))));
        long group = http.post("/api/v1/chats", bob.token(), Map.of("kind", "group", "title", "g", "member_ids", List.of(alice.id())))
                .json().path("chat").path("id").asLong();
        routes.put("add a member", () -> http.post("/api/v1/chats/" + group + "/members", bob.token(), Map.of("user_id", carol.id())));
        routes.put("remove a member", () -> http.delete("/api/v1/chats/" + group + "/members/" + carol.id(), bob.token()));
        routes.put("mark read", () -> http.post("/api/v1/chats/" + chat + "/read", bob.token(), Map.of("seq", 1)));
        routes.put("typing", () -> http.post("/api/v1/chats/" + chat + "/typing", alice.token(), Map.of("is_typing", true)));
        routes.put("pin", () -> http.post("/api/v1/chats/" + chat + "/pins", alice.token(), Map.of("seq", 1)));
        routes.put("unpin", () -> http.delete("/api/v1/chats/" + chat + "/pins/1", alice.token()));
        routes.put("edit", () -> http.patch("/api/v1/chats/" + chat + "/messages/1", alice.token(), Map.of("body", "edited")));
        routes.put("delete", () -> http.delete("/api/v1/chats/" + chat + "/messages/2", alice.token()));
        routes.put("send", () -> http.post("/api/v1/chats/" + chat + "/messages", alice.token(), Map.of("client_id", "m3", "body", "x")));
        routes.put("upload", () -> http.post("/api/v1/attachments?name=a.txt", alice.token(), "hello".getBytes()));
        routes.put("ws ticket", () -> http.post("/api/v1/ws-ticket", alice.token(), null));
        User signedInTwice = http.from(nextAddress()).login(carol.username());
        routes.put("end a session", () -> http.delete("/api/v1/sessions/" + signedInTwice.sessionId(), carol.token()));
        routes.put("log out", () -> http.post("/api/v1/auth/logout", alice.token(), null));
        routes.forEach((name, call) -> {
            Response r = call.get();
            assertThat(r.status() / 100).as(name + ": " + r.text()).isEqualTo(2);
            assertThat(r.headers().firstValue("X-RateLimit-Limit")).as(name).isPresent();
            assertThat(r.header("X-RateLimit-Remaining")).as(name).isNotNegative();
            assertThat(r.header("X-RateLimit-Reset")).as(name).isPositive();
        });
    }

    @Test
    void an_event_stream_answers_with_the_headers_of_the_connection_limit() {
        User alice = signUp("alice");
        try (SseClient sse = SseClient.open(node.baseUrl(), alice.token(), null)) {
            assertThat(sse.status()).isEqualTo(200);
            assertThat(sse.header("X-RateLimit-Limit")).contains("30");
            assertThat(sse.header("X-RateLimit-Remaining")).isPresent();
            assertThat(sse.header("X-RateLimit-Reset")).isPresent();
        }
    }

    @Test
    void a_send_refused_for_rate_carries_the_rate_limit_headers_too() {
        User alice = signUp("alice");
        User bob = signUp("bob");
        long chat = http.directChat(alice, bob);
        Response refused = untilRefused(i -> http.post("/api/v1/chats/" + chat + "/messages", alice.token(),
                Map.of("client_id", "s" + i, "body", "x")), 200);
        assertRefusedWithHeaders(refused, 60);
    }

    @Test
    void creating_chats_past_the_budget_gets_429_with_the_headers() {
        User alice = signUp("alice");
        User bob = signUp("bob");
        Response refused = untilRefused(i -> http.post("/api/v1/chats", alice.token(),
                Map.of("kind", "group", "title", "g" + i, "member_ids", List.of(bob.id()))), 100);
        assertRefusedWithHeaders(refused, 40);
        assertThat(http.post("/api/v1/chats", bob.token(), Map.of("kind", "group", "title", "b", "member_ids", List.of(alice.id()))).status())
                .as("another user has their own budget").isEqualTo(201);
    }

    @Test
    void other_changes_past_the_budget_get_429_with_the_headers() {
        User alice = signUp("alice");
        User bob = signUp("bob");
        long chat = http.directChat(alice, bob);
        Response refused = untilRefused(i -> http.post("/api/v1/chats/" + chat + "/typing", alice.token(),
                Map.of("is_typing", i % 2 == 0)), 1_000);
        assertRefusedWithHeaders(refused, 360);
    }

    @Test
    void searching_past_its_own_budget_gets_429_with_the_headers() {
        User alice = signUp("alice");
        Response refused = untilRefused(i -> http.get("/api/v1/search/messages?q=word" + i, alice.token()), 400);
        assertRefusedWithHeaders(refused, 150);
        User bob = signUp("bob");
        assertThat(http.get("/api/v1/search/messages?q=word", bob.token()).status()).as("another user has their own budget").isEqualTo(200);
    }

    @Test
    void refreshing_past_the_users_budget_gets_429_with_the_headers() {
        User alice = signUp("alice");
        String[] current = {alice.refreshToken()};
        Response refused = untilRefused(i -> {
            Response r = http.post("/api/v1/auth/refresh", null, Map.of("refresh_token", current[0]));
            if (r.status() == 200) current[0] = r.json().path("refresh_token").asText();
            return r;
        }, 200);
        assertRefusedWithHeaders(refused, 40);
        User bob = signUp("bob");
        assertThat(http.post("/api/v1/auth/refresh", null, Map.of("refresh_token", bob.refreshToken())).status())
                .as("another user has their own budget").isEqualTo(200);
    }

    @Test
    void typing_fans_out_about_once_a_second_per_user_and_chat_however_fast_it_is_sent() {
        User alice = signUp("alice");
        User bob = signUp("bob");
        long chat = http.directChat(alice, bob);
        try (WsClient typist = WsClient.connect(node, alice); WsClient reader = WsClient.connect(node, bob)) {
            typist.next("connected");
            reader.next("connected");
            long started = System.nanoTime();
            for (int i = 0; i < 40; i++) typist.send(Map.of("type", "typing", "chat_id", chat, "is_typing", i % 2 == 0));
            typist.send(Map.of("type", "send", "chat_id", chat, "client_id", "after", "body", "done typing"));
            typist.next("ack");
            reader.next("new_message");
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + 1;
            assertThat(reader.drain("typing")).as("typing events fanned out").hasSizeBetween(1, 5 + (int) seconds);
            assertThat(typist.drain("error")).as("a dropped typing notice is not an error").isEmpty();
        }
    }

    /** Signs up from a fresh loopback address: 127.0.0.1's sign-in budget is ten per five minutes. */
    private static User signUp(String prefix) {
        return http.from(nextAddress()).register(prefix);
    }

    private static String nextAddress() {
        return "127.0.2." + (ADDRESSES.incrementAndGet() % 250 + 1);
    }

    private static Response untilRefused(java.util.function.IntFunction<Response> call, int atMost) {
        for (int i = 0; i < atMost; i++) {
            Response r = call.apply(i);
            if (r.status() == 429) return r;
            assertThat(r.status() / 100).as(r.text()).isEqualTo(2);
        }
        throw new AssertionError("still not refused after " + atMost + " requests");
    }

    private static void assertRefusedWithHeaders(Response r, long limit) {
        assertThat(r.status()).isEqualTo(429);
        JsonNode json = r.json();
        assertThat(json.path("error").asText()).isEqualTo("rate_limited");
        assertThat(json.path("retry_after").asLong()).isPositive();
        assertThat(r.header("Retry-After")).isEqualTo(json.path("retry_after").asLong());
        assertThat(r.header("X-RateLimit-Limit")).isEqualTo(limit);
        assertThat(r.header("X-RateLimit-Remaining")).isZero();
        assertThat(r.header("X-RateLimit-Reset")).isPositive();
    }
}
