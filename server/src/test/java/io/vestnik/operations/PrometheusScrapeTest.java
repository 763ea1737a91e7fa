package io.vestnik.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.operations.MonitoringFiles.AlertRule;
import io.vestnik.operations.MonitoringFiles.DashboardQuery;
import io.vestnik.testing.Await;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.PromQl;
import io.vestnik.testing.Prometheus;
import io.vestnik.testing.RedisServer;
import io.vestnik.testing.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real Prometheus scraping real nodes — one as a laptop runs it (SQLite, in-process broker) and
 * one as a cluster member (PostgreSQL, Redis broker) — holds the alert rules and the dashboard to
 * what nodes export: every metric an expression names exists among the scraped series, and
 * Prometheus runs every expression without error.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PrometheusScrapeTest {
    private static TestNode embedded;
    private static TestNode clustered;
    private static Prometheus prometheus;
    private static Set<String> exported;

    @BeforeAll
    static void scrapeNodesThatHaveWorked() {
        embedded = TestNode.start(TestNode.Storage.SQLITE, Map.of("VESTNIK_NODE_ID", "embedded"));
        clustered = TestNode.start(TestNode.Storage.POSTGRES, Map.of("VESTNIK_NODE_ID", "clustered",
                "VESTNIK_REDIS_URL", RedisServer.SHARED_URL, "VESTNIK_JWT_SECRET", "prometheus-scrape-secret-0123456789"));
        exercise(embedded);
        exercise(clustered);
        // The in-process nodes share the test's JVM: a collection now makes the GC pause series exist.
        System.gc();
        double workedUntil = System.currentTimeMillis() / 1000.0;
        prometheus = Prometheus.scraping(List.of("127.0.0.1:" + embedded.port(), "127.0.0.1:" + clustered.port()));
        prometheus.awaitScrapedSince(workedUntil, 2);
        exported = prometheus.metricNames();
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) prometheus.close();
        if (clustered != null) clustered.close();
        if (embedded != null) embedded.close();
    }

    @Test
    void every_alert_expression_names_exported_metrics_and_runs() {
        List<String> problems = new ArrayList<>();
        for (AlertRule rule : MonitoringFiles.alertRules()) problems.addAll(problems("alert " + rule.alert(), rule.expr()));
        assertThat(problems).as("exported: " + exported).isEmpty();
    }

    @Test
    void every_dashboard_query_names_exported_metrics_and_runs() {
        List<String> problems = new ArrayList<>();
        for (DashboardQuery query : MonitoringFiles.dashboardQueries()) problems.addAll(problems(query.where(), query.expr()));
        assertThat(problems).as("exported: " + exported).isEmpty();
    }

    @Test
    void a_misspelt_metric_name_is_caught() {
        assertThat(problems("a typo", "sum by (node) (rate(vestnik_mesages_sent_total{node=~\"$node\"}[$__rate_interval]))"))
                .containsExactly("a typo: no node exports vestnik_mesages_sent_total");
    }

    @Test
    void an_expression_prometheus_cannot_run_is_caught() {
        assertThat(problems("a broken panel", "sum by (node) (rate(vestnik_messages_sent_total[5m])"))
                .singleElement().asString().startsWith("a broken panel: Prometheus refuses it:");
    }

    @Test
    void prometheus_loads_the_alert_rules_and_evaluates_each_without_error() {
        Await.until("every rule evaluated", Duration.ofSeconds(30), () -> rules().stream()
                .noneMatch(rule -> "unknown".equals(rule.path("health").asText())));
        assertThat(rules()).extracting(rule -> rule.path("name").asText())
                .containsExactlyInAnyOrderElementsOf(MonitoringFiles.alertRules().stream().map(AlertRule::alert).toList());
        assertThat(rules()).allSatisfy(rule ->
                assertThat(rule.path("health").asText()).as(rule.path("name") + ": " + rule.path("lastError")).isEqualTo("ok"));
    }

    /** What is wrong with one expression: names no node exports, and Prometheus' error if it refuses it. */
    private static List<String> problems(String where, String expr) {
        List<String> problems = new ArrayList<>();
        for (String name : PromQl.metricNames(expr)) {
            if (!exported.contains(name)) problems.add(where + ": no node exports " + name);
        }
        JsonNode answer = prometheus.query(PromQl.withGrafanaVariablesResolved(expr));
        if (!"success".equals(answer.path("status").asText())) {
            problems.add(where + ": Prometheus refuses it: " + answer.path("error").asText());
        }
        return problems;
    }

    private static List<JsonNode> rules() {
        List<JsonNode> rules = new ArrayList<>();
        prometheus.ruleGroups().forEach(group -> group.path("rules").forEach(rules::add));
        return rules;
    }

    /** A short conversation over HTTP, so that the series born of traffic (HTTP routes, cache reads, commits) exist. */
    private static void exercise(TestNode node) {
        HttpApi http = node.http();
        User alice = http.register("alice");
        User bob = http.register("bob");
        long chat = http.directChat(alice, bob);
        http.send(alice, chat, "scrape-1", "hello");
        for (int read = 0; read < 2; read++) http.get("/api/v1/chats/" + chat + "/messages?limit=10", bob.token());
    }
}
