package io.vestnik.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Durations read and written the way an operator types them. */
class DurationsTest {

    @Test
    void durations_are_written_in_the_largest_units_that_fit() {
        assertThat(Durations.format(Duration.ofDays(90))).isEqualTo("90d");
        assertThat(Durations.format(Duration.ofMinutes(15))).isEqualTo("15m");
        assertThat(Durations.format(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Durations.format(Duration.ofMillis(1250))).isEqualTo("1s250ms");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    }

    @Test
    void what_is_written_for_a_single_unit_reads_back_the_same() {
        for (String text : new String[] {"90d", "15m", "500ms", "2h", "30s"}) {
            assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
        }
        assertThat(Durations.parse("PT2160H")).isEqualTo(Duration.ofDays(90));
    }
}
