package io.vestnik.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A send is judged by its timestamp against a window set ahead of time, so its send, ack and deliveries count alike. */
class MetricsTest {
    private static final long START = 1_000;
    private static final long END = 2_000;

    @Test
    void a_send_inside_the_window_counts_with_its_ack_and_deliveries_even_when_they_land_after_it() {
        Metrics metrics = new Metrics();
        metrics.scheduleWindow(START, END);
        metrics.sent(END - 1);
        metrics.acked(END - 1, END + 500);
        metrics.delivered(END - 1, END + 600);

        assertThat(metrics.sends()).isEqualTo(1);
        assertThat(metrics.acks()).isEqualTo(1);
        assertThat(metrics.deliveries()).isEqualTo(1);
    }

    @Test
    void sends_stamped_before_the_start_or_at_the_end_count_nowhere() {
        Metrics metrics = new Metrics();
        metrics.scheduleWindow(START, END);
        for (long stamp : new long[] {START - 1, END}) {
            metrics.sent(stamp);
            metrics.acked(stamp, END + 1);
            metrics.delivered(stamp, END + 1);
        }

        assertThat(metrics.sends()).isZero();
        assertThat(metrics.acks()).isZero();
        assertThat(metrics.deliveries()).isZero();
    }

    @Test
    void a_window_ended_early_by_the_stop_file_judges_every_later_stamp_out() {
        Metrics metrics = new Metrics();
        metrics.scheduleWindow(START, END);
        metrics.endWindowAt(1_500);
        metrics.sent(1_499);
        metrics.sent(1_500);
        metrics.endWindowAt(1_800);

        assertThat(metrics.sends()).as("an end moves earlier only").isEqualTo(1);
        metrics.sent(1_600);
        assertThat(metrics.sends()).isEqualTo(1);
    }

    @Test
    void nothing_counts_before_a_window_is_scheduled() {
        Metrics metrics = new Metrics();
        metrics.sent(START);
        metrics.delivered(START, END);

        assertThat(metrics.sends()).isZero();
        assertThat(metrics.deliveries()).isZero();
    }
}
