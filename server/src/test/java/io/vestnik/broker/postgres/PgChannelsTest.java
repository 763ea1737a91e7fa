package io.vestnik.broker.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PgChannelsTest {

    @Test
    void a_topic_keeps_its_name_under_the_prefix() {
        assertThat(PgChannels.topic("chat:42")).isEqualTo("vestnik:chat:42");
        assertThat(PgChannels.topic("chat_42")).isNotEqualTo(PgChannels.topic("chat:42"));
    }

    @Test
    void a_name_over_63_bytes_becomes_a_stable_hash_that_fits() {
        String longTopic = "user:" + "ж".repeat(40);
        String channel = PgChannels.topic(longTopic);
        assertThat(channel).startsWith(PgChannels.HASHED).isEqualTo(PgChannels.topic(longTopic));
        assertThat(channel.getBytes(StandardCharsets.UTF_8)).hasSize(63);
        assertThat(channel).isNotEqualTo(PgChannels.topic(longTopic + "x"));
    }

    @Test
    void quoting_doubles_embedded_quotes() {
        assertThat(PgChannels.quoted("vestnik:a\"b")).isEqualTo("\"vestnik:a\"\"b\"");
    }
}
