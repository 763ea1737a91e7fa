package io.vestnik.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {

    private static Options options(String url, int connections, int durationSeconds) {
        return new Options(Target.RAW, List.of(URI.create(url)), connections, 2, 10, 1, 16, 0,
                Duration.ofSeconds(durationSeconds), Duration.ZERO, 1, 256, List.of(), null, null);
    }

    @Test
    void loopback_hosts_are_accepted() {
        assertThat(options("ws://127.0.0.1:8090/", 20, 1).connections()).isEqualTo(20);
        assertThat(options("ws://127.1.2.3:8090/", 20, 1).connections()).isEqualTo(20);
        assertThat(options("ws://[::1]:8090/", 20, 1).connections()).isEqualTo(20);
        assertThat(options("http://localhost:8080", 20, 1).connections()).isEqualTo(20);
    }

    @Test
    void any_other_host_is_refused_with_a_clear_message() {
        assertThatThrownBy(() -> options("ws://10.0.0.1:80/", 20, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only targets loopback");
        assertThatThrownBy(() -> options("ws://192.168.1.5:80/", 20, 1))
                .hasMessageContaining("only targets loopback");
    }

    @Test
    void connections_and_time_are_capped() {
        assertThatThrownBy(() -> options("ws://127.0.0.1:1/", 20_001, 1)).hasMessageContaining("20000");
        assertThatThrownBy(() -> options("ws://127.0.0.1:1/", 20, 901)).hasMessageContaining("900 s");
    }

    @Test
    void groups_take_the_first_connections_and_the_rest_are_idle() {
        Options o = options("ws://127.0.0.1:1/", 25, 1);
        assertThat(o.groupOf(0)).isZero();
        assertThat(o.groupOf(19)).isEqualTo(1);
        assertThat(o.groupOf(20)).isEqualTo(-1);
        assertThat(o.isSender(10)).isTrue();
        assertThat(o.isSender(11)).isFalse();
        assertThat(o.isSender(20)).isFalse();
    }
}
