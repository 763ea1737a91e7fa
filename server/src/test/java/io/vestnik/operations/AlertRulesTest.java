package io.vestnik.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.operations.MonitoringFiles.AlertRule;
import io.vestnik.testing.Prometheus;
import io.vestnik.testing.Repository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * deploy/prometheus as promtool (Debian's prometheus package) checks it: the scrape configuration
 * and rules parse, and alerts.test.yml fires each alert where it should and nowhere else.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AlertRulesTest {
    private static final Pattern HEADING = Pattern.compile("(?m)^#{2,6} +(.+?) *$");

    @Test
    void promtool_accepts_the_scrape_configuration_and_the_rules_it_names() {
        promtool("check", "config", "prometheus.yml");
    }

    @Test
    void every_alert_fires_on_its_test_series_and_stays_quiet_on_the_others() {
        promtool("test", "rules", "alerts.test.yml");
    }

    @Test
    @SuppressWarnings("unchecked")
    void every_alert_has_a_unit_test_that_fires_it() {
        Map<String, Object> tests = MonitoringFiles.yaml(MonitoringFiles.PROMETHEUS.resolve("alerts.test.yml"));
        Set<String> fired = ((List<Map<String, Object>>) tests.get("tests")).stream()
                .flatMap(test -> ((List<Map<String, Object>>) test.get("alert_rule_test")).stream())
                .filter(expectation -> !((List<?>) expectation.get("exp_alerts")).isEmpty())
                .map(expectation -> (String) expectation.get("alertname"))
                .collect(Collectors.toSet());
        assertThat(fired).containsAll(alertNames());
    }

    @Test
    void every_alert_says_what_happened_and_links_its_runbook_section() {
        Set<String> anchors = anchorsOf(MonitoringFiles.read(Repository.file("docs/operations.md")));
        for (AlertRule rule : MonitoringFiles.alertRules()) {
            assertThat(rule.annotations()).as(rule.alert()).containsKeys("summary", "description", "runbook");
            String runbook = rule.annotations().get("runbook");
            assertThat(runbook).as(rule.alert()).isEqualTo("docs/operations.md#" + rule.alert().toLowerCase());
            assertThat(anchors).as("a heading \"" + rule.alert() + "\" in docs/operations.md").contains(runbook.substring(runbook.indexOf('#') + 1));
        }
    }

    private static List<String> alertNames() {
        return MonitoringFiles.alertRules().stream().map(AlertRule::alert).toList();
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens. */
    private static Set<String> anchorsOf(String markdown) {
        Matcher heading = HEADING.matcher(markdown);
        Set<String> anchors = new HashSet<>();
        while (heading.find()) {
            anchors.add(heading.group(1).toLowerCase().replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
        }
        return anchors;
    }

    private static void promtool(String... arguments) {
        List<String> command = new ArrayList<>(List.of(Prometheus.executable("promtool").toString()));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).directory(MonitoringFiles.PROMETHEUS.toFile())
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
            assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
        } catch (IOException e) {
            throw new AssertionError("promtool could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
