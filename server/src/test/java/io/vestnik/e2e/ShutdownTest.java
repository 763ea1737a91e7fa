package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.node.Node;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.LogCapture;
import io.vestnik.testing.SseClient;
import io.vestnik.testing.TestNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Stopping a node (a deploy) lets requests already in flight finish instead of cutting them, and
 * sends its live clients elsewhere at once; its log says what the drain did.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShutdownTest {

    @Test
    void a_request_in_flight_when_the_node_stops_still_gets_its_answer_and_the_stop_is_logged() throws Exception {
        TestNode node = TestNode.start(TestNode.Storage.SQLITE);
        HttpApi http = node.http();
        assertThat(http.get("/health/live", null).status()).isEqualTo(200); // the client's connection is open and pooled
        // Registering hashes a password with Argon2 (a few hundred ms): long enough to stop meanwhile.
        CompletableFuture<Integer> register = CompletableFuture.supplyAsync(() -> http.post("/api/v1/auth/register", null,
                Map.of("username", "inflight", "password", "correct horse 1")).status());
        // Spun on, not polled: a warm Argon2 hash lasts tens of milliseconds, shorter than Await's step.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (node.requestsInFlight() == 0 && System.nanoTime() < deadline) Thread.onSpinWait();
        assertThat(node.requestsInFlight()).as("the registration is in flight").isEqualTo(1);
        try (LogCapture log = LogCapture.of(Node.class)) {
            node.close();
            List<String> lines = log.messagesOf(Thread.currentThread());
            assertThat(lines).hasSize(3);
            assertThat(lines.get(0)).startsWith("stopping");
            assertThat(lines.get(1)).matches("drained in [0-9a-z]+: 0 WebSockets closed .*")
                    .endsWith("0 still open after the grace; 1 HTTP request in flight: 1 finished, 0 cut");
            assertThat(lines.get(2)).matches("stopped in [0-9a-z]+");
        }
        assertThat(register.get(20, TimeUnit.SECONDS)).isEqualTo(201);
    }

    @Test
    void a_stopping_node_ends_its_event_streams_and_answers_waiting_polls_at_once() throws Exception {
        TestNode node = TestNode.start(TestNode.Storage.SQLITE);
        HttpApi http = node.http();
        HttpApi.User alice = http.register("alice");
        String cursor = http.get("/api/v1/events/poll?timeout=0", alice.token()).json().path("cursor").asText();
        try (SseClient sse = SseClient.open(node.baseUrl(), alice.token(), null)) {
            sse.next("connected");
            CompletableFuture<HttpApi.Response> poll = CompletableFuture.supplyAsync(
                    () -> http.get("/api/v1/events/poll?timeout=50&cursor=" + cursor, alice.token()));
            Thread.sleep(500);
            long stopping = System.nanoTime();
            try (LogCapture log = LogCapture.of(Node.class)) {
                node.close();
                assertThat(log.messagesOf(Thread.currentThread())).anySatisfy(line -> assertThat(line)
                        .contains("0 WebSockets closed").contains("1 SSE stream and 1 waiting poll ended"));
            }

            assertThat(sse.awaitEnd(Duration.ofSeconds(5))).isTrue();
            HttpApi.Response answered = poll.get(5, TimeUnit.SECONDS);
            assertThat(answered.status()).isEqualTo(200);
            assertThat(answered.json().path("cursor").asText()).as("poll again elsewhere from the same place").isEqualTo(cursor);
            assertThat(System.nanoTime() - stopping).isLessThan(TimeUnit.SECONDS.toNanos(8));
        }
    }
}
