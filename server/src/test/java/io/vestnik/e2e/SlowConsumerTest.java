package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.Await;
import io.vestnik.testing.RawWebSocket;
import io.vestnik.testing.Scrape;
import io.vestnik.testing.TestNode;
import io.vestnik.testing.WsClient;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A reader that stops reading is not buffered for without bound: once more than the outbound
 * bound waits for it, its socket is closed with 4009 (reconnect and resume), while the members
 * who keep up go on receiving.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SlowConsumerTest {

    @Test
    void a_reader_that_stops_reading_is_closed_with_4009_and_others_keep_receiving() throws Exception {
        try (TestNode node = TestNode.start(TestNode.Storage.SQLITE, Map.of("VESTNIK_MAX_QUEUED_BYTES", "65536"))) {
            HttpApi http = node.http();
            User sender = http.register("sender");
            User stalled = http.register("stalled");
            User reader = http.register("reader");
            long chat = http.post("/api/v1/chats", sender.token(), Map.of("kind", "group", "title", "Busy",
                    "member_ids", java.util.List.of(stalled.id(), reader.id()))).json().path("chat").path("id").asLong();
            URI base = URI.create(node.baseUrl());
            try (RawWebSocket slow = RawWebSocket.open(base.getHost(), base.getPort(), "/ws?ticket=" + http.ticket(stalled), 4096);
                 WsClient fine = WsClient.connect(node, reader)) {
                assertThat(slow.status()).startsWith("HTTP/1.1 101");
                fine.next("connected");
                String body = "x".repeat(15_000);
                int sent = 0;
                while (slowConsumers(http) == 0 && sent < 3_000) {
                    http.send(sender, chat, "m" + sent, body);
                    fine.next("new_message");
                    sent++;
                }
                assertThat(slowConsumers(http)).as("after %d messages of 15 KB", sent).isEqualTo(1);
                // Its backlog waits in the node until the close grace cuts the socket.
                assertThat(Scrape.of(http).value("vestnik_outbound_queued_bytes")).as("bytes waiting for the stalled reader")
                        .isGreaterThan(65536 / 2);
                assertThat(slow.awaitClose(Duration.ofSeconds(30))).isEqualTo(4009);
                Await.until("the close is counted under 4009", Duration.ofSeconds(15), () -> Scrape.of(http)
                        .value("vestnik_connections_closed_total", Map.of("transport", "websocket", "code", "4009")) == 1);
                http.send(sender, chat, "after", "still flowing");
                assertThat(fine.next("new_message").path("message").path("body").asText()).isEqualTo("still flowing");
            }
        }
    }

    private static double slowConsumers(HttpApi http) {
        return http.get("/metrics", null).text().lines()
                .filter(l -> l.startsWith("vestnik_slow_consumers_total{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
