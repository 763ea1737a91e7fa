package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.Await;
import io.vestnik.testing.Cluster;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.NodeProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What an operator reads: with VESTNIK_LOG_FORMAT=json every line is one JSON object; the node
 * says what it runs with when it starts, names the request in every line written for it, and
 * says what its drain did when it stops.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class NodeLogTest {

    @Test
    void a_json_log_has_a_start_up_summary_request_ids_and_a_logged_stop() throws Exception {
        Path data = Files.createTempDirectory("vestnik-log");
        Map<String, String> settings = Map.of("VESTNIK_DATA_DIR", data.toString(), "VESTNIK_LOG_FORMAT", "json",
                "VESTNIK_LOG_LEVEL", "debug", "VESTNIK_TRUSTED_PROXIES", "127.0.0.1", "VESTNIK_RETENTON", "30d");
        try (NodeProcess node = NodeProcess.start("logged", Cluster.freePort(), settings)) {
            assertThat(messages(node)).contains(
                    "Ignoring unknown setting VESTNIK_RETENTON; did you mean VESTNIK_RETENTION?",
                    "storage: sqlite in " + data.toRealPath(),
                    "broker: memory (this node only)",
                    "retention: messages kept 90d, cleanup every 1h");
            assertThat(messages(node)).anySatisfy(line -> assertThat(line).startsWith("Vestnik ").contains("node logged"));

            HttpApi.Response refused = node.http().request("GET", "/api/v1/users/me", null, null, Map.of("X-Request-Id", "trace-77"));
            assertThat(refused.json().path("request_id").asText()).isEqualTo("trace-77");
            Await.until("the request's log line", Duration.ofSeconds(10), () -> lines(node).stream().anyMatch(line ->
                    line.path("request_id").asText().equals("trace-77")
                            && line.path("message").asText().matches("GET /api/v1/users/me answered 401 in [0-9a-z]+")));

            assertThat(node.stop()).isEqualTo(143);
            List<String> stop = messages(node).stream()
                    .filter(m -> m.startsWith("stopping") || m.startsWith("drained") || m.startsWith("stopped")).toList();
            assertThat(stop).hasSize(3);
            assertThat(stop.get(1)).contains("0 WebSockets closed").contains("0 cut");
        }
    }

    /** Every line parsed as JSON: a line that is not fails the test. */
    private static List<JsonNode> lines(NodeProcess node) {
        return node.logLines().stream().filter(line -> !line.isBlank()).map(line -> {
            JsonNode json = HttpApi.parse(line);
            assertThat(json).as("a JSON object per line: %s", line).isNotNull();
            assertThat(json.isObject()).as(line).isTrue();
            return json;
        }).toList();
    }

    private static List<String> messages(NodeProcess node) {
        return lines(node).stream().map(line -> line.path("message").asText()).toList();
    }
}
