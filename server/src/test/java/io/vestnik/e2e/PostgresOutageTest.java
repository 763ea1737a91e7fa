package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.PostgresServer;
import io.vestnik.testing.TestNode;
import io.vestnik.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PostgreSQL goes down under a running node (a private cluster, stopped in immediate mode):
 * sends fail fast with {@code unavailable}, nothing is acknowledged that is not stored, and the
 * node serves again by itself once PostgreSQL is back.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PostgresOutageTest {
    /** A send during the outage must fail about this fast (pool borrow timeout 2 s), not hang. */
    private static final Duration FAIL_FAST = Duration.ofSeconds(5);

    static PostgresServer postgres;
    static TestNode node;
    static HttpApi http;

    @BeforeAll
    static void start() {
        postgres = PostgresServer.start();
        node = TestNode.onPostgres(postgres.url());
        http = node.http();
    }

    @AfterAll
    static void stop() {
        if (node != null) node.close();
        if (postgres != null) postgres.close();
    }

    /** Every test ends with PostgreSQL up and the node serving, whatever happened in it. */
    @AfterEach
    void up() {
        if (!postgres.running()) postgres.launch();
        awaitReady(status -> status == 200);
    }

    @Test
    void sends_during_the_outage_get_503_and_the_socket_gets_unavailable_and_the_connection_lives() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        try (WsClient ws = WsClient.connect(node, alice)) {
            ws.next("connected");
            postgres.stop();

            long started = System.nanoTime();
            HttpApi.Response refused = http.post("/api/v1/chats/" + chat + "/messages", alice.token(),
                    Map.of("client_id", "http-1", "body", "while down"));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("fails fast").isLessThan(FAIL_FAST);
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.error()).isEqualTo("unavailable");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();

            ws.send(Map.of("type", "send", "chat_id", chat, "client_id", "ws-1", "body", "while down"));
            JsonNode error = ws.next("error");
            assertThat(error.path("error").asText()).isEqualTo("unavailable");
            assertThat(error.path("client_id").asText()).isEqualTo("ws-1");
            assertThat(error.path("retry_after").asLong()).isPositive();

            ws.send(Map.of("type", "ping"));
            ws.next("pong");
            assertThat(ws.isClosed()).as("the connection lives").isFalse();
        }
    }

    @Test
    void nothing_is_acknowledged_that_was_not_stored() throws InterruptedException {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        Map<String, Boolean> outcomes = new ConcurrentHashMap<>(); // client_id -> acknowledged
        AtomicBoolean sending = new AtomicBoolean(true);
        Thread httpSender = Thread.ofVirtual().start(() -> {
            for (int i = 0; sending.get(); i++) {
                String clientId = "h-" + i;
                HttpApi.Response r = http.post("/api/v1/chats/" + chat + "/messages", alice.token(),
                        Map.of("client_id", clientId, "body", clientId));
                outcomes.put(clientId, r.status() / 100 == 2);
            }
        });
        try (WsClient ws = WsClient.connect(node, alice)) {
            ws.next("connected");
            long stopAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            long launchAt = stopAt + TimeUnit.SECONDS.toNanos(4);
            long endAt = launchAt + TimeUnit.SECONDS.toNanos(5);
            for (int i = 0; System.nanoTime() < endAt; i++) {
                if (stopAt != 0 && System.nanoTime() > stopAt) {
                    postgres.stop();
                    stopAt = 0;
                }
                if (stopAt == 0 && launchAt != 0 && System.nanoTime() > launchAt) {
                    postgres.launch();
                    launchAt = 0;
                }
                String clientId = "w-" + i;
                ws.send(Map.of("type", "send", "chat_id", chat, "client_id", clientId, "body", clientId));
                outcomes.put(clientId, ackOrError(ws, clientId));
            }
        } finally {
            sending.set(false);
            httpSender.join();
        }
        assertThat(outcomes).as("some sends failed during the outage").containsValue(false);
        assertThat(outcomes).as("some were acknowledged").containsValue(true);

        Map<String, Long> stored = history(alice, chat);
        outcomes.forEach((clientId, acked) -> {
            if (acked) assertThat(stored).as("acknowledged " + clientId).containsKey(clientId);
        });
        // A failed send may have been stored (the commit was cut before its answer): retrying it
        // with the same client_id returns that message, never a second one.
        for (var entry : outcomes.entrySet()) {
            if (entry.getValue()) continue;
            JsonNode retried = http.send(alice, chat, entry.getKey(), entry.getKey());
            if (stored.containsKey(entry.getKey())) {
                assertThat(retried.path("seq").asLong()).as("retry of " + entry.getKey()).isEqualTo(stored.get(entry.getKey()));
            }
        }
        assertThat(history(alice, chat)).as("each client_id exactly once").containsOnlyKeys(outcomes.keySet());
    }

    @Test
    void readiness_is_false_during_the_outage_and_the_node_recovers_by_itself() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        long before = http.send(alice, chat, "before", "before").path("seq").asLong();

        postgres.stop();
        awaitReady(status -> status == 503);
        assertThat(http.get("/health/live", null).status()).as("alive all along").isEqualTo(200);

        postgres.launch();
        awaitReady(status -> status == 200);
        assertThat(http.send(alice, chat, "after", "after").path("seq").asLong()).isEqualTo(before + 1);
    }

    /** True on the send's ack, false on its error event. */
    private static boolean ackOrError(WsClient ws, String clientId) {
        long deadline = System.nanoTime() + WsClient.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode ack : ws.drain("ack")) if (clientId.equals(ack.path("client_id").asText())) return true;
            for (JsonNode error : ws.drain("error")) if (clientId.equals(error.path("client_id").asText())) return false;
            sleep(10);
        }
        throw new AssertionError("neither ack nor error for " + clientId);
    }

    /** client_id → seq of every message in the chat; fails on a client_id stored twice. */
    private static Map<String, Long> history(User user, long chat) {
        Map<String, Long> seqs = new HashMap<>();
        long after = 0;
        while (true) {
            HttpApi.Response page = http.get("/api/v1/chats/" + chat + "/messages?after_seq=" + after + "&limit=500", user.token());
            assertThat(page.status()).isEqualTo(200);
            List<JsonNode> messages = new ArrayList<>();
            page.json().path("messages").forEach(messages::add);
            for (JsonNode m : messages) {
                Long previous = seqs.put(m.path("client_id").asText(), m.path("seq").asLong());
                assertThat(previous).as("stored once: " + m.path("client_id").asText()).isNull();
                after = m.path("seq").asLong();
            }
            if (!page.json().path("has_more").asBoolean()) return seqs;
        }
    }

    private static void awaitReady(IntPredicate expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int status;
        do {
            status = http.get("/health/ready", null).status();
            if (expected.test(status)) return;
            sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("readiness stayed " + status);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
