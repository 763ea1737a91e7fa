package io.vestnik.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.config.Config;
import io.vestnik.config.ConfigLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a node says about itself at start-up: enough to check the settings took, nothing secret. */
class StartupSummaryTest {

    private static List<String> summaryOf(Map<String, String> env) {
        Config config = ConfigLoader.load(env).config();
        return StartupSummary.lines(config, 9090, "1.2.3");
    }

    @Test
    void a_postgres_cluster_node_names_its_database_without_credentials_and_its_broker() {
        List<String> lines = summaryOf(Map.of(
                "VESTNIK_DATABASE_URL", "postgresql://vestnik:s3cr%40t@db.internal:5432/chat?sslmode=require",
                "VESTNIK_REDIS_URL", "redis://:redispass@cache:6379",
                "VESTNIK_JWT_SECRET", "x".repeat(32),
                "VESTNIK_NODE_ID", "web-1",
                "VESTNIK_ALLOWED_ORIGINS", "https://app.example.com",
                "VESTNIK_RATE_LIMITS", "off",
                "VESTNIK_RETENTION", "off"));
        assertThat(lines).containsExactly(
                "Vestnik 1.2.3 started: node web-1, listening on http://localhost:9090",
                "storage: postgresql at db.internal:5432/chat",
                "broker: redis (pub/sub between nodes)",
                "allowed origins: https://app.example.com; rate limits: off",
                "retention: off, messages kept for ever, cleanup every 1h",
                "API docs: http://localhost:9090/api/docs; metrics: http://localhost:9090/metrics; readiness: http://localhost:9090/health/ready");
        assertThat(String.join("\n", lines)).doesNotContain("s3cr").doesNotContain("redispass");
    }

    @Test
    void a_development_build_says_so_and_the_defaults_read_as_people_write_them() {
        List<String> lines = StartupSummary.lines(ConfigLoader.load(Map.of("VESTNIK_HOST", "10.0.0.5")).config(), 8080, null);
        assertThat(lines.getFirst()).startsWith("Vestnik (development build) started").endsWith("http://10.0.0.5:8080");
        assertThat(lines).contains("allowed origins: same origin only; rate limits: on",
                "retention: messages kept 90d, cleanup every 1h");
    }
}
