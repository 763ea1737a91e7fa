package io.vestnik.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.Await;
import io.vestnik.testing.Cluster;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.Nginx;
import io.vestnik.testing.RawWebSocket;
import io.vestnik.testing.SseClient;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fallback transports through the repository's nginx configuration: Server-Sent Events reach
 * the client while the stream stays open (nothing held back in a proxy buffer until the response
 * ends), and a long poll is answered when its event happens, not when its timeout runs out. And
 * nginx passes on what the node must know about each request on every path: the browser's Host
 * (the same-origin check) and its own request id.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class EventsThroughNginxTest {
    private static final int POLL_TIMEOUT_SECONDS = 25;

    private static Cluster cluster;
    private static Nginx nginx;
    private static HttpApi http;

    @BeforeAll
    static void start() {
        cluster = Cluster.start(1, Map.of("VESTNIK_TRUSTED_PROXIES", "127.0.0.1"));
        nginx = Nginx.start(cluster.nodes());
        http = nginx.http();
    }

    @AfterAll
    static void stop() {
        if (nginx != null) nginx.close();
        if (cluster != null) cluster.close();
    }

    @Test
    void a_page_served_through_nginx_opens_its_websocket_through_nginx() throws IOException {
        User alice = http.register("alice");
        URI site = URI.create(nginx.baseUrl());
        try (RawWebSocket socket = RawWebSocket.open(site.getHost(), site.getPort(), "/ws?ticket=" + http.ticket(alice), 0,
                Map.of("Origin", site.getScheme() + "://" + site.getHost() + ":" + site.getPort()))) {
            assertThat(socket.statusCode()).as("the node sees the Host the browser sent nginx: " + socket.status()).isEqualTo(101);
        }
    }

    @Test
    void nginx_names_each_request_with_its_own_id_never_the_clients() {
        HttpApi.Response answer = http.request("GET", "/health/ready", null, null, Map.of("X-Request-Id", "chosen-by-the-client"));
        assertThat(answer.headers().firstValue("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f]{32}"));
    }

    @Test
    void server_sent_events_arrive_one_by_one_while_the_stream_stays_open() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        try (SseClient events = SseClient.open(nginx.baseUrl(), alice.token(), null)) {
            assertThat(events.status()).isEqualTo(200);
            assertThat(events.next("connected").path("user_id").asLong()).isEqualTo(alice.id());
            for (int n = 1; n <= 3; n++) {
                http.send(bob, chat, "sse-" + n, "through nginx " + n);
                JsonNode event = events.next("new_message");
                assertThat(event.path("message").path("client_id").asText()).isEqualTo("sse-" + n);
                assertThat(events.awaitEnd(Duration.ZERO)).as("the stream is still open after event " + n).isFalse();
            }
        }
    }

    @Test
    void a_long_poll_is_answered_when_its_event_happens_not_at_its_timeout() throws Exception {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        long started = System.nanoTime();
        CompletableFuture<HttpApi.Response> poll = CompletableFuture.supplyAsync(
                () -> http.get("/api/v1/events/poll?timeout=" + POLL_TIMEOUT_SECONDS, alice.token()));
        // The poll is the only way alice is connected: once she shows online, it waits at the node.
        Await.until("the poll reached the node", Duration.ofSeconds(10), () -> online(alice, bob));
        http.send(bob, chat, "poll-1", "to a poller behind nginx");

        HttpApi.Response answer = poll.get(POLL_TIMEOUT_SECONDS / 2, TimeUnit.SECONDS);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("events").get(0).path("message").path("client_id").asText()).isEqualTo("poll-1");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered by the event")
                .isLessThan(Duration.ofSeconds(POLL_TIMEOUT_SECONDS));
    }

    private static boolean online(User user, User asker) {
        return http.get("/api/v1/presence?user_ids=" + user.id(), asker.token()).json()
                .path("presence").get(0).path("online").asBoolean();
    }
}
