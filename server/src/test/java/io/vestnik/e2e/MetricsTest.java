package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.testing.Await;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.Response;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.RawWebSocket;
import io.vestnik.testing.Scrape;
import io.vestnik.testing.SseClient;
import io.vestnik.testing.TestNode;
import io.vestnik.testing.WebhookReceiver;
import io.vestnik.testing.WsClient;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The metrics an operator's dashboards and alerts read (docs/operations.md), scraped from real
 * nodes: every family is there, and each moves when its event happens. Rate limits are on, so a
 * refusal can be provoked; the users are signed up once, before the auth budget is spent.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MetricsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Every family the alert rules and the dashboard use (beside the JVM's and HikariCP's). */
    private static final List<String> FAMILIES = List.of(
            "vestnik_build_info", "vestnik_ready", "vestnik_connections_active", "vestnik_connections_closed_total",
            "vestnik_connection_errors_total", "vestnik_messages_sent_total", "vestnik_deliveries_total",
            "vestnik_delivery_latency_seconds_bucket", "vestnik_rate_limit_violations_total", "vestnik_slow_consumers_total",
            "vestnik_broker_published_total", "vestnik_broker_published_bytes_total", "vestnik_broker_received_total",
            "vestnik_broker_received_bytes_total", "vestnik_broker_unrouted_total", "vestnik_broker_canary_seconds",
            "vestnik_broker_healthy", "vestnik_cache_hits_total", "vestnik_cache_misses_total",
            "vestnik_http_requests_seconds_bucket", "vestnik_http_requests_seconds_count", "vestnik_http_requests_seconds_sum",
            "vestnik_commit_batch_size_bucket", "vestnik_commit_seconds_bucket", "vestnik_outbound_queued_bytes",
            "vestnik_webhook_queue_depth", "vestnik_webhook_deliveries_total", "disk_free_bytes", "disk_total_bytes",
            "jvm_memory_used_bytes", "jvm_gc_pause_seconds_count", "jvm_threads_live_threads", "jvm_classes_loaded_classes",
            "process_cpu_usage", "process_uptime_seconds", "process_start_time_seconds", "process_files_open_files",
            "process_files_max_files");
    private static final List<String> POOL_FAMILIES = List.of("hikaricp_connections_active", "hikaricp_connections_idle",
            "hikaricp_connections_pending", "hikaricp_connections_max", "hikaricp_connections_timeout_total");

    static TestNode node;
    static HttpApi http;
    static User alice;
    static User bob;
    /** Signs out in one test: the others keep their sessions. */
    static User leaving;
    static long chat;

    @BeforeAll
    static void startNode() {
        node = TestNode.start(TestNode.Storage.SQLITE, Map.of("VESTNIK_RATE_LIMITS", "on"));
        http = node.http();
        alice = http.register("alice");
        bob = http.register("bob");
        leaving = http.register("leaving");
        chat = http.directChat(alice, bob);
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void every_family_is_exported_with_the_node_tag() {
        Scrape scrape = Scrape.of(http);
        for (String family : FAMILIES) {
            assertThat(scrape.has(family, Map.of("node", "test-node"))).as(family).isTrue();
        }
        assertThat(scrape.has("vestnik_build_info", Map.of("version", "dev"))).as("the build's version").isTrue();
        for (String transport : List.of("websocket", "sse", "poll")) {
            assertThat(scrape.has("vestnik_connections_active", Map.of("transport", transport))).as(transport).isTrue();
        }
    }

    @Test
    void the_sqlite_reader_and_writer_pools_report_their_own_meters() {
        Scrape scrape = Scrape.of(http);
        for (String family : POOL_FAMILIES) {
            for (String pool : List.of("vestnik-sqlite-reader", "vestnik-sqlite-writer")) {
                assertThat(scrape.has(family, Map.of("pool", pool))).as(family + " " + pool).isTrue();
            }
        }
        assertThat(scrape.value("hikaricp_connections_max", Map.of("pool", "vestnik-sqlite-writer"))).isEqualTo(1);
    }

    @Test
    void readiness_is_a_gauge_kept_current_without_the_scrape_asking_storage() {
        assertThat(http.get("/health/ready", null).status()).isEqualTo(200);
        assertThat(Scrape.of(http).value("vestnik_ready")).isEqualTo(1);
    }

    @Test
    void each_transport_counts_its_open_connections_and_how_they_ended() throws Exception {
        Scrape before = Scrape.of(http);
        WsClient ws = WsClient.connect(node, bob);
        ws.next("connected");
        SseClient sse = SseClient.open(node.baseUrl(), bob.token(), null);
        sse.next("connected");
        CompletableFuture<Response> poll = CompletableFuture.supplyAsync(
                () -> http.get("/api/v1/events/poll?timeout=5", bob.token()));
        Await.until("a connection of each transport is open", WAIT, () -> {
            Scrape now = Scrape.of(http);
            return List.of("websocket", "sse", "poll").stream().allMatch(t -> active(now, t) >= active(before, t) + 1);
        });

        http.send(alice, chat, "to-every-transport", "hello");
        // Answered with the message, or at its timeout should the message have come before the poll was live.
        assertThat(poll.get(15, TimeUnit.SECONDS).status()).isEqualTo(200);
        ws.close();
        sse.close();
        Await.until("each end is counted by its code or reason", WAIT, () -> {
            Scrape now = Scrape.of(http);
            return grew(before, now, "vestnik_connections_closed_total", Map.of("transport", "websocket", "code", "1000"))
                    && grew(before, now, "vestnik_connections_closed_total", Map.of("transport", "sse", "code", "client"))
                    && grew(before, now, "vestnik_connections_closed_total", Map.of("transport", "poll", "code", "answered"));
        });
        assertThat(Scrape.of(http).value("vestnik_deliveries_total"))
                .as("the WebSocket's and the stream's new_message").isGreaterThanOrEqualTo(before.value("vestnik_deliveries_total") + 2);
    }

    @Test
    void a_socket_the_node_closes_is_counted_under_the_code_it_sent() {
        Scrape before = Scrape.of(http);
        try (WsClient ws = WsClient.connect(node, leaving)) {
            ws.next("connected");
            assertThat(http.post("/api/v1/auth/logout", leaving.token(), null).status()).isEqualTo(204);
            Await.until("the revoked session's socket is closed", WAIT, ws::isClosed);
            assertThat(ws.closeCode()).isEqualTo(4001);
        }
        Await.until("the close is counted as 4001", WAIT, () -> grew(before, Scrape.of(http),
                "vestnik_connections_closed_total", Map.of("transport", "websocket", "code", "4001")));
    }

    @Test
    void refused_upgrades_count_their_cause() throws IOException {
        Scrape before = Scrape.of(http);
        URI base = URI.create(node.baseUrl());
        try (RawWebSocket foreign = RawWebSocket.open(base.getHost(), base.getPort(), "/ws?ticket=" + http.ticket(alice), 0,
                Map.of("Origin", "https://evil.example"))) {
            assertThat(foreign.statusCode()).isEqualTo(403);
        }
        try (RawWebSocket forged = RawWebSocket.open(base.getHost(), base.getPort(), "/ws?ticket=forged", 0)) {
            assertThat(forged.statusCode()).isEqualTo(401);
        }
        Scrape after = Scrape.of(http);
        assertThat(grew(before, after, "vestnik_connection_errors_total", Map.of("cause", "origin"))).isTrue();
        assertThat(grew(before, after, "vestnik_connection_errors_total", Map.of("cause", "auth"))).isTrue();
    }

    @Test
    void a_rate_limit_refusal_is_counted_under_its_limit() {
        Scrape before = Scrape.of(http);
        Response refused = null;
        for (int attempt = 0; attempt < 12 && refused == null; attempt++) {
            Response r = http.post("/api/v1/auth/login", null, Map.of("username", "nobody-" + attempt, "password", "wrong password"));
            if (r.status() == 429) refused = r;
        }
        assertThat(refused).as("the auth budget (10 per address) runs out").isNotNull();
        Scrape after = Scrape.of(http);
        assertThat(grew(before, after, "vestnik_rate_limit_violations_total", Map.of("limit", "auth"))).isTrue();
        assertThat(after.value("vestnik_rate_limit_violations_total", Map.of("limit", "send_user")))
                .as("other limits are not charged").isEqualTo(before.value("vestnik_rate_limit_violations_total", Map.of("limit", "send_user")));
    }

    @Test
    void http_requests_are_counted_by_route_template_and_status() {
        Scrape before = Scrape.of(http);
        assertThat(http.get("/api/v1/chats/" + chat, alice.token()).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/chats/" + (chat + 1000), alice.token()).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/no-such-endpoint", alice.token()).status()).isEqualTo(404);
        assertThat(http.request("BREW", "/api/v1/chats/" + chat, alice.token(), null).status()).isIn(404, 405);
        Map<String, String> found = Map.of("method", "GET", "route", "/api/v1/chats/:id", "status", "200");
        // A request is counted as its response ends, which the client may see a moment before.
        Await.until("the requests are counted", WAIT, () -> {
            Scrape now = Scrape.of(http);
            return grew(before, now, "vestnik_http_requests_seconds_count", found)
                    && grew(before, now, "vestnik_http_requests_seconds_count", Map.of("route", "/api/v1/chats/:id", "status", "404"))
                    && grew(before, now, "vestnik_http_requests_seconds_count", Map.of("route", "unmatched", "status", "404"))
                    && grew(before, now, "vestnik_http_requests_seconds_count", Map.of("method", "other"));
        });
        Scrape after = Scrape.of(http);
        assertThat(after.value("vestnik_http_requests_seconds_sum", found)).isPositive();
        assertThat(after.value("vestnik_http_requests_seconds_bucket", Map.of("route", "/api/v1/chats/:id", "status", "200", "le", "+Inf")))
                .isEqualTo(after.value("vestnik_http_requests_seconds_count", found));
        assertThat(after.text()).as("never a raw path").doesNotContain("route=\"/api/v1/chats/" + chat);
        assertThat(after.text()).as("nor a method a client made up").doesNotContain("method=\"BREW\"");
    }

    @Test
    void a_send_moves_the_group_commit_batch_size_and_commit_time() {
        Scrape before = Scrape.of(http);
        http.send(alice, chat, "committed-" + System.nanoTime(), "stored");
        Scrape after = Scrape.of(http);
        assertThat(grew(before, after, "vestnik_commit_batch_size_count", Map.of())).isTrue();
        assertThat(after.value("vestnik_commit_batch_size_sum")).isGreaterThanOrEqualTo(before.value("vestnik_commit_batch_size_sum") + 1);
        assertThat(grew(before, after, "vestnik_commit_seconds_count", Map.of())).isTrue();
        assertThat(grew(before, after, "vestnik_messages_sent_total", Map.of())).isTrue();
    }

    @Test
    void on_postgresql_the_pool_and_the_commits_are_reported_too() {
        try (TestNode postgres = TestNode.start(TestNode.Storage.POSTGRES)) {
            HttpApi pg = postgres.http();
            User carol = pg.register("carol");
            User dave = pg.register("dave");
            pg.send(carol, pg.directChat(carol, dave), "pg-1", "stored in PostgreSQL");
            Scrape scrape = Scrape.of(pg);
            for (String family : POOL_FAMILIES) {
                assertThat(scrape.has(family, Map.of("pool", "vestnik-postgres"))).as(family).isTrue();
            }
            assertThat(scrape.value("vestnik_commit_batch_size_count")).isGreaterThanOrEqualTo(1);
            assertThat(scrape.value("vestnik_commit_seconds_count")).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void the_webhook_queue_depth_counts_events_until_they_are_delivered() {
        try (WebhookReceiver receiver = WebhookReceiver.start();
             TestNode hooks = TestNode.start(TestNode.Storage.SQLITE, WebhooksTest.SHORT_RETRIES)) {
            HttpApi api = hooks.http();
            receiver.answer(500);
            WebhooksTest.webhook(api, WebhooksTest.key(api), receiver.url(), "message.created");
            User ann = api.register("ann");
            api.send(ann, api.directChat(ann, api.register("ben")), "hooked", "for the endpoint");
            Await.until("the failing event waits in the queue", WAIT, () -> {
                Scrape now = Scrape.of(api);
                return now.value("vestnik_webhook_queue_depth") == 1
                        && now.value("vestnik_webhook_deliveries_total", Map.of("outcome", "failed")) >= 1;
            });
            receiver.answer(200);
            Await.until("the delivered event leaves the queue", WAIT, () -> {
                Scrape now = Scrape.of(api);
                return now.value("vestnik_webhook_queue_depth") == 0
                        && now.value("vestnik_webhook_deliveries_total", Map.of("outcome", "acknowledged")) == 1;
            });
        }
    }

    private static double active(Scrape scrape, String transport) {
        return scrape.value("vestnik_connections_active", Map.of("transport", transport));
    }

    private static boolean grew(Scrape before, Scrape after, String name, Map<String, String> labels) {
        return after.value(name, labels) > before.value(name, labels);
    }
}
