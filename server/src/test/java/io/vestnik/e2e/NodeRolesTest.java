package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.Await;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.PostgresDatabase;
import io.vestnik.testing.Scrape;
import io.vestnik.testing.TestNode;
import io.vestnik.testing.WebhookReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * VESTNIK_ROLE (decision 0037): a gateway serves clients and runs no background job; a worker
 * runs the jobs and serves only health and metrics. Both on one PostgreSQL database.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class NodeRolesTest {
    private static final String ADMIN = "roles-admin-token-0123456789abcdef";

    @Test
    void the_gateway_serves_clients_and_only_the_worker_delivers_webhooks_and_cleans_up() throws Exception {
        try (PostgresDatabase database = PostgresDatabase.create();
             WebhookReceiver receiver = WebhookReceiver.start();
             TestNode gateway = TestNode.onPostgres(database.url(), env("gateway"))) {
            HttpApi http = gateway.http();
            String key = http.post("/api/v1/admin/keys", ADMIN, Map.of("name", "host", "scopes", List.of("webhooks")))
                    .json().path("key").asText();
            assertThat(http.post("/api/v1/server/webhooks", key, Map.of("url", receiver.url(), "events", List.of("message.created")))
                    .status()).isEqualTo(201);
            User ann = http.register("ann");
            JsonNode sent = http.send(ann, http.directChat(ann, http.register("bob")), UUID.randomUUID().toString(), "hello");
            assertThat(sent.path("seq").asLong()).isEqualTo(1);
            execute(database, "INSERT INTO sessions (user_id, refresh_hash, created_at, last_seen_at, expires_at)"
                    + " VALUES (" + ann.id() + ", 'ended-long-ago', 0, 0, 1)");

            try (TestNode worker = TestNode.onPostgres(database.url(), env("worker"))) {
                Await.until("the worker delivered the event", Duration.ofSeconds(30), () -> !receiver.acknowledged().isEmpty());
                Await.until("the worker removed the ended session", Duration.ofSeconds(30),
                        () -> Scrape.of(worker.http()).value("vestnik_cleanup_removed_total", Map.of("what", "sessions")) >= 1);

                Scrape gatewayMeters = Scrape.of(http);
                assertThat(gatewayMeters.has("vestnik_cleanup_removed_total")).as("the gateway cleaned nothing").isFalse();
                assertThat(gatewayMeters.value("vestnik_webhook_deliveries_total", Map.of("outcome", "acknowledged")))
                        .as("the gateway delivered nothing").isZero();
                assertThat(Scrape.of(worker.http()).value("vestnik_webhook_deliveries_total", Map.of("outcome", "acknowledged")))
                        .isGreaterThanOrEqualTo(1);

                HttpApi workerHttp = worker.http();
                assertThat(workerHttp.get("/health/ready", null).status()).isEqualTo(200);
                assertThat(workerHttp.post("/api/v1/auth/login", null, Map.of("username", "ann", "password", "x")).status())
                        .as("no client API on a worker").isEqualTo(404);
                assertThat(upgradeStatus(worker.wsUrl())).as("no sockets on a worker").isEqualTo(404);
            }
        }
    }

    private static Map<String, String> env(String role) {
        Map<String, String> env = new HashMap<>();
        env.put("VESTNIK_ROLE", role);
        env.put("VESTNIK_NODE_ID", role);
        env.put("VESTNIK_BROKER", "postgres");
        env.put("VESTNIK_JWT_SECRET", "roles-test-secret-0123456789abcdef0123");
        env.put("VESTNIK_ADMIN_TOKEN", ADMIN);
        env.put("VESTNIK_WEBHOOKS_ALLOW_PRIVATE", "true");
        env.put("VESTNIK_WEBHOOK_RETRY_BASE", "50ms");
        env.put("VESTNIK_CLEANUP_INTERVAL", "2s");
        return env;
    }

    private static int upgradeStatus(String url) {
        try {
            HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), new WebSocket.Listener() {}).join();
            return 101;
        } catch (CompletionException e) {
            return e.getCause() instanceof WebSocketHandshakeException refused ? refused.getResponse().statusCode() : -1;
        }
    }

    private static void execute(PostgresDatabase database, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(database.url()); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
