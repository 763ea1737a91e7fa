package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.RawWebSocket;
import io.vestnik.testing.TestNode;
import io.vestnik.testing.WsClient;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server pings; clients that answer stay, clients that stay silent are closed with 4000. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HeartbeatTest {
    static TestNode node;
    static HttpApi http;

    @BeforeAll
    static void startNode() {
        node = TestNode.start(TestNode.Storage.SQLITE, Map.of(
                "VESTNIK_HEARTBEAT_INTERVAL", "300ms", "VESTNIK_HEARTBEAT_TIMEOUT", "1s"));
        http = node.http();
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void a_client_that_answers_pings_receives_them_and_stays_connected() throws InterruptedException {
        User alice = http.register("alice");
        try (WsClient ws = WsClient.connect(node, alice)) {
            ws.next("connected");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (ws.pingsReceived() == 0 && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(ws.pingsReceived()).as("server pings within 2 s").isPositive();

            Thread.sleep(3_000); // three timeouts long: answering pings must keep it open
            assertThat(ws.isClosed()).isFalse();
            assertThat(ws.pingsReceived()).isGreaterThan(1);
            ws.send(Map.of("type", "ping"));
            ws.next("pong");
        }
    }

    @Test
    void a_client_that_never_answers_is_closed_with_4000() throws IOException {
        User alice = http.register("alice");
        URI base = URI.create(node.baseUrl());
        try (RawWebSocket raw = RawWebSocket.open(base.getHost(), base.getPort(), "/ws?ticket=" + http.ticket(alice), 0)) {
            assertThat(raw.status()).startsWith("HTTP/1.1 101");
            long upgraded = System.nanoTime();
            assertThat(raw.awaitClose(Duration.ofSeconds(5))).isEqualTo(4000);
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - upgraded);
            assertThat(elapsedMillis).as("closed within ~3 s").isLessThanOrEqualTo(3_500);
        }
    }
}
