package io.vestnik.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EnvelopeCodecTest {

    private static Envelope roundTrip(Envelope envelope) {
        return EnvelopeCodec.decode(EnvelopeCodec.encode(envelope));
    }

    @Test
    void an_event_survives_the_round_trip() {
        Envelope e = new Envelope(Envelope.Kind.EVENT, "chat:7", 7, 42, "node-a:3", "{\"type\":\"message\"}", 1_700_000_000_123L);
        assertThat(roundTrip(e)).isEqualTo(e);
    }

    @Test
    void every_kind_survives_the_round_trip() {
        for (Envelope.Kind kind : Envelope.Kind.values()) {
            Envelope e = new Envelope(kind, "user:1", 2, 0, null, "5", 9);
            assertThat(roundTrip(e)).isEqualTo(e);
        }
    }

    @Test
    void a_payload_with_any_character_is_carried_verbatim() {
        String payload = "{\"body\":\"tab\there\nnew line\r\n\\\"quoted\\\" 1\t2\t3 ünïcödé 😀 日本語\"}\n\n";
        Envelope e = Envelope.event("chat:1", 1, 1, null, payload);
        assertThat(roundTrip(e).payload()).isEqualTo(payload);
    }

    @Test
    void a_null_payload_and_an_empty_one_stay_apart() {
        assertThat(roundTrip(Envelope.instruction(Envelope.Kind.LEFT_CHAT, "user:1", 3, null)).payload()).isNull();
        assertThat(roundTrip(Envelope.instruction(Envelope.Kind.LEFT_CHAT, "user:1", 3, "")).payload()).isEmpty();
    }

    @Test
    void no_skip_connection_stays_none() {
        assertThat(roundTrip(Envelope.event("chat:1", 1, 1, null, "{}")).skipConnection()).isNull();
    }

    @Test
    void the_header_is_compact() {
        String wire = EnvelopeCodec.encode(new Envelope(Envelope.Kind.EVENT, "chat:7", 7, 42, null, "{}", 1000));
        assertThat(wire).isEqualTo("1\tE\tchat:7\t7\t42\t\t1000\n{}");
    }

    @Test
    void refuses_a_topic_that_would_break_the_header() {
        assertThatThrownBy(() -> EnvelopeCodec.encode(Envelope.event("chat:\t1", 1, 1, null, "{}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topic");
    }

    @Test
    void refuses_malformed_input_with_a_sentence() {
        assertMalformed(null, "no message");
        assertMalformed("", "unknown envelope version");
        assertMalformed("hello world", "unknown envelope version");
        assertMalformed("2\tE\tchat:1\t1\t1\t\t1\n{}", "unknown envelope version: '2'");
        assertMalformed("1\tE\tchat:1\t1\t1\t\n{}", "expected 7 header fields, got 6");
        assertMalformed("1\tE\tchat:1\t1\t1\t\t1\t8\n{}", "expected 7 header fields, got 8");
        assertMalformed("1\tX\tchat:1\t1\t1\t\t1\n{}", "unknown envelope kind: 'X'");
        assertMalformed("1\tE\t\t1\t1\t\t1\n{}", "empty topic");
        assertMalformed("1\tE\tchat:1\tone\t1\t\t1\n{}", "chatId is not a number: 'one'");
        assertMalformed("1\tE\tchat:1\t1\t1\t\t\n{}", "publishedAtMillis is not a number");
    }

    private static void assertMalformed(String wire, String message) {
        assertThatThrownBy(() -> EnvelopeCodec.decode(wire))
                .isInstanceOf(EnvelopeCodec.MalformedEnvelopeException.class).hasMessageContaining(message);
    }
}
