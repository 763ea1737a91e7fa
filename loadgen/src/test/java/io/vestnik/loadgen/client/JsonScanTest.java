package io.vestnik.loadgen.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonScanTest {
    private static final String NEW_MESSAGE = "{\"type\":\"new_message\",\"chat_id\":7,\"message\":{\"id\":3,"
            + "\"sender_id\":42,\"body\":\"123456789\",\"client_id\":\"5-1\"}}";

    @Test
    void reads_strings_and_numbers_quoted_or_not() {
        assertThat(JsonScan.string(NEW_MESSAGE, "type")).isEqualTo("new_message");
        assertThat(JsonScan.number(NEW_MESSAGE, "sender_id", -1)).isEqualTo(42);
        assertThat(JsonScan.number(NEW_MESSAGE, "body", -1)).isEqualTo(123456789);
        assertThat(JsonScan.string(NEW_MESSAGE, "client_id")).isEqualTo("5-1");
        assertThat(JsonScan.number("{\"room\": -1}", "room", 0)).isEqualTo(-1);
    }

    @Test
    void missing_keys_and_escaped_keys_inside_strings_do_not_match() {
        assertThat(JsonScan.string(NEW_MESSAGE, "nope")).isNull();
        assertThat(JsonScan.number(NEW_MESSAGE, "nope", -7)).isEqualTo(-7);
        assertThat(JsonScan.string("{\"body\":\"say \\\"type\\\": x\",\"type\":\"ack\"}", "type")).isEqualTo("ack");
    }
}
