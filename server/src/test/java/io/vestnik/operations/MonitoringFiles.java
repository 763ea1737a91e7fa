package io.vestnik.operations;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/** The monitoring files under deploy/ as the tests read them: alert rules and the Grafana dashboard's queries. */
final class MonitoringFiles {
    static final Path PROMETHEUS = Repository.file("deploy/prometheus");
    static final Path DASHBOARD = Repository.file("deploy/grafana/dashboards/vestnik.json");
    /** Grafana's template query for a label's values; the series it reads is its first argument. */
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*(.+?)\\s*,\\s*\\w+\\s*\\)");

    /** One alerting rule of alerts.yml. */
    record AlertRule(String alert, String expr, Map<String, String> annotations) {}

    /** A query of the dashboard: where it is (panel or variable) and its PromQL. */
    record DashboardQuery(String where, String expr) {}

    private MonitoringFiles() {}

    @SuppressWarnings("unchecked")
    static List<AlertRule> alertRules() {
        Map<String, Object> file = yaml(PROMETHEUS.resolve("alerts.yml"));
        List<AlertRule> rules = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                rules.add(new AlertRule((String) rule.get("alert"), (String) rule.get("expr"),
                        (Map<String, String>) rule.getOrDefault("annotations", Map.of())));
            }
        }
        return rules;
    }

    /** Every panel target and every query variable (label_values(series, label) becomes the series). */
    static List<DashboardQuery> dashboardQueries() {
        JsonNode dashboard = HttpApi.parse(read(DASHBOARD));
        List<DashboardQuery> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new DashboardQuery("panel \"" + panel.path("title").asText() + "\"", target.path("expr").asText()));
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (!"query".equals(variable.path("type").asText())) continue;
            Matcher series = LABEL_VALUES.matcher(variable.path("query").path("query").asText());
            if (!series.matches()) throw new IllegalStateException("variable " + variable.path("name") + ": not a label_values query");
            queries.add(new DashboardQuery("variable $" + variable.path("name").asText(), series.group(1)));
        }
        return queries;
    }

    static Map<String, Object> yaml(Path file) {
        return new Yaml().load(read(file));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
