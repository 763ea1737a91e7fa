package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.Await;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.Response;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.SseClient;
import io.vestnik.testing.TestNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What one signed-in user may hold of the fallback transports: streams up to a cap, polls that do
 * not each leave a stored snapshot behind, and no browser page of a foreign origin reading them.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventStreamLimitsTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static TestNode node;
    static HttpApi http;

    @BeforeAll
    static void startNode() {
        node = TestNode.start(TestNode.Storage.SQLITE, Map.of("VESTNIK_MAX_STREAMS_PER_USER", "2"));
        http = node.http();
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void sse_and_polls_from_a_foreign_browser_origin_are_refused_with_403() {
        for (String path : new String[] {"/api/v1/events", "/api/v1/events/poll?timeout=0"}) {
            User alice = http.register("alice");
            for (String origin : new String[] {"https://evil.example", "null", node.baseUrl() + ".evil.example"}) {
                HttpResponse<InputStream> refused = get(path, alice, origin);
                assertThat(refused.statusCode()).as(path + " from " + origin).isEqualTo(403);
                assertThat(body(refused).path("error").asText()).isEqualTo("forbidden");
            }
            assertThat(status(get(path, alice, node.baseUrl()))).as(path + " from the server's own origin").isEqualTo(200);
            assertThat(status(get(path, alice, null))).as(path + " without Origin (not a browser)").isEqualTo(200);
        }
    }

    @Test
    void a_user_s_streams_past_the_cap_are_refused_with_429_until_one_ends() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        try (SseClient first = SseClient.open(node.baseUrl(), alice.token(), null);
             SseClient second = SseClient.open(node.baseUrl(), alice.token(), null)) {
            first.next("connected");
            second.next("connected");

            Response poll = http.get("/api/v1/events/poll?timeout=0", alice.token());
            assertThat(poll.status()).isEqualTo(429);
            assertThat(poll.error()).isEqualTo("rate_limited");
            assertThat(poll.json().path("retry_after").asLong()).isPositive();
            assertThat(poll.headers().firstValue("Retry-After")).isPresent();
            try (SseClient third = SseClient.open(node.baseUrl(), alice.token(), null)) {
                assertThat(third.status()).as("a third stream").isEqualTo(429);
            }
            assertThat(http.get("/api/v1/events/poll?timeout=0", bob.token()).status()).as("another user has their own").isEqualTo(200);

            first.close();
            Await.until("a stream slot is free again", Duration.ofSeconds(10),
                    () -> http.get("/api/v1/events/poll?timeout=0", alice.token()).status() == 200);
        }
    }

    @Test
    void polls_without_a_cursor_share_one_snapshot_while_nothing_moved() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        http.directChat(alice, bob);
        Set<String> snapshots = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            Response poll = http.get("/api/v1/events/poll?timeout=0", alice.token());
            assertThat(poll.status()).isEqualTo(200);
            snapshots.add(poll.json().path("cursor").asText().split("-")[0]);
        }
        assertThat(snapshots).as("snapshot ids named by the cursors").hasSize(1);
    }

    private static HttpResponse<InputStream> get(String path, User user, String origin) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
                .header("Authorization", "Bearer " + user.token());
        if (origin != null) request.header("Origin", origin);
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The status; the stream is closed, so an SSE stream that was let in ends at once. */
    private static int status(HttpResponse<InputStream> response) {
        try (InputStream ignored = response.body()) {
            return response.statusCode();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode body(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            return HttpApi.JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
