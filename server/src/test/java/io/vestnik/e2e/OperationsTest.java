package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.Response;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.TestNode;
import io.vestnik.testing.WsClient;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Health, Prometheus metrics and the admin statistics, as an operator sees them. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OperationsTest {
    private static final String ADMIN_TOKEN = "operator-secret-token-0123456789";
    static TestNode node;
    static TestNode adminNode;
    static HttpApi http;

    @BeforeAll
    static void startNodes() {
        node = TestNode.start(TestNode.Storage.SQLITE);
        adminNode = TestNode.start(TestNode.Storage.SQLITE, Map.of("VESTNIK_ADMIN_TOKEN", ADMIN_TOKEN,
                "VESTNIK_NODE_ID", "admin-node"));
        http = node.http();
    }

    @AfterAll
    static void stopNodes() {
        node.close();
        adminNode.close();
    }

    @Test
    void liveness_and_readiness_answer_200() {
        assertThat(http.get("/health/live", null).status()).isEqualTo(200);
        Response ready = http.get("/health/ready", null);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().path("status").asText()).isEqualTo("ready");
    }

    @Test
    void metrics_are_prometheus_text_with_the_vestnik_series() {
        Response metrics = http.get("/metrics", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(metrics.text())
                .contains("# TYPE vestnik_connections_active gauge")
                .contains("vestnik_messages_sent_total")
                .contains("vestnik_delivery_latency_seconds_bucket")
                .contains("vestnik_rate_limit_violations_total");
    }

    @Test
    void messages_sent_counts_http_and_websocket_sends_and_connections_are_a_gauge() {
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        try (WsClient aliceWs = WsClient.connect(node, alice); WsClient bobWs = WsClient.connect(node, bob)) {
            aliceWs.next("connected");
            bobWs.next("connected");
            assertThat(metric("vestnik_connections_active")).isGreaterThanOrEqualTo(2);

            double before = metric("vestnik_messages_sent_total");
            http.send(alice, chat, "http-1", "over http");
            bobWs.next("new_message");
            double afterHttp = metric("vestnik_messages_sent_total");
            assertThat(afterHttp).isGreaterThanOrEqualTo(before + 1);

            aliceWs.send(Map.of("type", "send", "chat_id", chat, "client_id", "ws-1", "body", "over ws"));
            aliceWs.next("ack");
            bobWs.next("new_message");
            assertThat(metric("vestnik_messages_sent_total")).isGreaterThanOrEqualTo(afterHttp + 1);
            assertThat(metric("vestnik_delivery_latency_seconds_count")).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void admin_stats_are_forbidden_when_no_admin_token_is_configured() {
        Response noToken = http.get("/api/v1/admin/stats", null);
        assertThat(noToken.status()).isEqualTo(403);
        assertThat(noToken.error()).isNotBlank();
        assertThat(http.get("/api/v1/admin/stats", ADMIN_TOKEN).status()).isEqualTo(403);
        User alice = http.register("alice");
        assertThat(http.get("/api/v1/admin/stats", alice.token()).status()).as("a user token is no admin token").isEqualTo(403);
    }

    @Test
    void admin_stats_need_the_configured_token() {
        HttpApi admin = adminNode.http();
        assertThat(admin.get("/api/v1/admin/stats", null).status()).isEqualTo(403);
        assertThat(admin.get("/api/v1/admin/stats", ADMIN_TOKEN + "x").status()).isEqualTo(403);
        assertThat(admin.get("/api/v1/admin/stats", "wrong").status()).isEqualTo(403);

        User alice = admin.register("alice");
        try (WsClient ws = WsClient.connect(adminNode, alice)) {
            ws.next("connected");
            Response stats = admin.get("/api/v1/admin/stats", ADMIN_TOKEN);
            assertThat(stats.status()).isEqualTo(200);
            assertThat(stats.json().path("server_id").asText()).isEqualTo("admin-node");
            assertThat(stats.json().path("connections").isNumber()).isTrue();
            assertThat(stats.json().path("connections").asInt()).isEqualTo(1);
        }
    }

    /** The sum of every sample of a series (all label sets), 0 when absent. */
    private static double metric(String name) {
        double sum = 0;
        for (String line : http.get("/metrics", null).text().split("\n")) {
            if (line.startsWith("#")) continue;
            String series = line.split("[{ ]", 2)[0];
            if (series.equals(name)) sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return sum;
    }
}
