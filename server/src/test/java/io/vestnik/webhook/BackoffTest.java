package io.vestnik.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1));

    @Test
    void each_wait_is_random_below_a_bound_that_doubles_up_to_the_maximum() {
        for (int i = 0; i < 1_000; i++) {
            assertThat(backoff.after(1)).isBetween(Duration.ZERO, Duration.ofSeconds(1));
            assertThat(backoff.after(4)).isBetween(Duration.ZERO, Duration.ofSeconds(8));
            assertThat(backoff.after(500)).isBetween(Duration.ZERO, Duration.ofMinutes(1));
        }
    }

    @Test
    void waits_spread_over_their_whole_range() {
        long longest = 0;
        long shortest = Long.MAX_VALUE;
        for (int i = 0; i < 1_000; i++) {
            long millis = backoff.after(500).toMillis();
            longest = Math.max(longest, millis);
            shortest = Math.min(shortest, millis);
        }
        assertThat(shortest).isLessThan(6_000);
        assertThat(longest).isGreaterThan(54_000);
    }
}
