package io.vestnik.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.testing.PromQl;
import org.junit.jupiter.api.Test;

/** Reading metric names out of PromQL, as the check against a real Prometheus relies on. */
class PromQlTest {
    @Test
    void a_name_alone_or_before_a_selector_is_a_metric() {
        assertThat(PromQl.metricNames("up == 0")).containsExactly("up");
        assertThat(PromQl.metricNames("vestnik_ready{node=\"a\"} == 0")).containsExactly("vestnik_ready");
        assertThat(PromQl.metricNames("disk_free_bytes / disk_total_bytes < 0.10"))
                .containsExactly("disk_free_bytes", "disk_total_bytes");
    }

    @Test
    void functions_aggregations_and_their_label_lists_are_not() {
        assertThat(PromQl.metricNames(
                "histogram_quantile(0.99, sum by (node, le) (rate(vestnik_delivery_latency_seconds_bucket[5m]))) > 0.5"))
                .containsExactly("vestnik_delivery_latency_seconds_bucket");
        assertThat(PromQl.metricNames("sum without (instance) (rate(a_total[1m])) by (x)")).containsExactly("a_total");
        assertThat(PromQl.metricNames("count_values(\"version\", vestnik_build_info)")).containsExactly("vestnik_build_info");
    }

    @Test
    void label_names_values_keywords_durations_and_numbers_are_not() {
        assertThat(PromQl.metricNames(
                "a{status=~\"5..\", route!=\"/ws\"} / on (node) group_left (pool) b offset 5m and bool c unless d or e"))
                .containsExactly("a", "b", "c", "d", "e");
        assertThat(PromQl.metricNames("predict_linear(f[6h:1m], 24 * 3600) < 1e3 + 0x1F + Inf - NaN"))
                .containsExactly("f");
        assertThat(PromQl.metricNames("g @ start()")).containsExactly("g");
    }

    @Test
    void grafana_variables_are_not_and_resolve_to_something_prometheus_runs() {
        String panel = "sum by (node) (rate(h_total{node=~\"$node\", pod=~\"${pod}\"}[$__rate_interval]))";
        assertThat(PromQl.metricNames(panel)).containsExactly("h_total");
        assertThat(PromQl.withGrafanaVariablesResolved(panel))
                .isEqualTo("sum by (node) (rate(h_total{node=~\".*\", pod=~\".*\"}[1m]))");
    }

    @Test
    void a_misspelt_name_is_read_as_written() {
        assertThat(PromQl.metricNames("rate(vestnik_mesages_sent_total[1m])")).containsExactly("vestnik_mesages_sent_total");
    }
}
