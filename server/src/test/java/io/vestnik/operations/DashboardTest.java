package io.vestnik.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.HttpApi;
import io.vestnik.testing.Repository;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Grafana files as Grafana reads them (Grafana itself is not installed on test machines): the
 * dashboard's panels fit the grid and use the provisioned data source, and the provider loads the
 * folder the dashboard is mounted in. What the queries name is held by {@link PrometheusScrapeTest}.
 */
class DashboardTest {
    private static final Path PROVISIONING = Repository.file("deploy/grafana/provisioning");
    private static final JsonNode DASHBOARD = HttpApi.parse(MonitoringFiles.read(MonitoringFiles.DASHBOARD));

    @Test
    void every_panel_and_variable_uses_the_provisioned_prometheus_data_source() {
        String uid = provisionedDataSourceUid();
        List<JsonNode> users = new ArrayList<>();
        DASHBOARD.path("templating").path("list").forEach(users::add);
        for (JsonNode panel : panels()) {
            users.add(panel);
            panel.path("targets").forEach(users::add);
        }
        assertThat(users).allSatisfy(user -> {
            assertThat(user.path("datasource").path("type").asText()).as(user.path("title").asText()).isEqualTo("prometheus");
            assertThat(user.path("datasource").path("uid").asText()).as(user.path("title").asText()).isEqualTo(uid);
        });
    }

    @Test
    void panels_have_distinct_ids_fit_the_24_column_grid_and_do_not_overlap() {
        Set<Integer> ids = new HashSet<>();
        Set<String> cells = new HashSet<>();
        for (JsonNode panel : DASHBOARD.path("panels")) {
            String title = panel.path("title").asText();
            assertThat(ids.add(panel.path("id").asInt())).as("id of " + title + " is unique").isTrue();
            JsonNode at = panel.path("gridPos");
            assertThat(at.path("x").asInt() + at.path("w").asInt()).as(title + " within 24 columns").isLessThanOrEqualTo(24);
            for (int x = at.path("x").asInt(); x < at.path("x").asInt() + at.path("w").asInt(); x++) {
                for (int y = at.path("y").asInt(); y < at.path("y").asInt() + at.path("h").asInt(); y++) {
                    assertThat(cells.add(x + "," + y)).as(title + " overlaps another panel at " + x + "," + y).isTrue();
                }
            }
        }
    }

    @Test
    void every_query_panel_has_targets_with_distinct_ref_ids() {
        for (JsonNode panel : panels()) {
            Set<String> refIds = new HashSet<>();
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            panel.path("targets").forEach(target ->
                    assertThat(refIds.add(target.path("refId").asText())).as(panel.path("title") + " refIds").isTrue());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void the_provider_loads_the_folder_the_dashboards_are_mounted_in() {
        Map<String, Object> providers = MonitoringFiles.yaml(PROVISIONING.resolve("dashboards/vestnik.yml"));
        Map<String, Object> provider = ((List<Map<String, Object>>) providers.get("providers")).getFirst();
        assertThat(provider.get("type")).isEqualTo("file");
        assertThat(((Map<String, Object>) provider.get("options")).get("path")).isEqualTo("/var/lib/grafana/dashboards");
        assertThat(DASHBOARD.path("uid").asText()).isEqualTo("vestnik");
    }

    /** The panels that query (rows only group them). */
    private static List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        DASHBOARD.path("panels").forEach(panel -> {
            if (!"row".equals(panel.path("type").asText())) panels.add(panel);
        });
        return panels;
    }

    @SuppressWarnings("unchecked")
    private static String provisionedDataSourceUid() {
        Map<String, Object> file = MonitoringFiles.yaml(PROVISIONING.resolve("datasources/prometheus.yml"));
        Map<String, Object> source = ((List<Map<String, Object>>) file.get("datasources")).getFirst();
        assertThat(source.get("type")).isEqualTo("prometheus");
        return (String) source.get("uid");
    }
}
