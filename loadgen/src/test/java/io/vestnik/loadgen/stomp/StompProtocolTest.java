package io.vestnik.loadgen.stomp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.loadgen.Options;
import io.vestnik.loadgen.Target;
import io.vestnik.loadgen.client.Inbound;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StompProtocolTest {
    private final StompProtocol protocol = new StompProtocol();

    StompProtocolTest() {
        protocol.prepare(new Options(Target.STOMP, List.of(URI.create("http://127.0.0.1:8081")), 5, 2, 2, 1, 16, 0,
                Duration.ofSeconds(1), Duration.ZERO, 1, 256, List.of(), null, null));
    }

    private Inbound read(int index, String frame) {
        return protocol.read(index, frame, reply -> { throw new AssertionError("no reply expected: " + reply); });
    }

    @Test
    void connects_and_subscribes_to_its_chat_topic_at_once_and_is_ready_on_connected() {
        assertThat(protocol.uri(3)).hasToString("ws://127.0.0.1:8081/stomp");
        assertThat(protocol.opening(3)).containsExactly(
                "CONNECT\naccept-version:1.2\nhost:127.0.0.1\nheart-beat:0,0\n\n\0",
                "SUBSCRIBE\nid:0\ndestination:/topic/chat.1\n\n\0");
        assertThat(protocol.opening(4)).last().isEqualTo("SUBSCRIBE\nid:0\ndestination:/topic/chat.-1\n\n\0");
        assertThat(read(3, "CONNECTED\nversion:1.2\nheart-beat:0,0\n\n\0")).isEqualTo(Inbound.READY);
    }

    @Test
    void sends_go_to_the_chat_s_application_destination_as_json() {
        assertThat(protocol.send(2, "2-5", 123)).isEqualTo(
                "SEND\ndestination:/app/chat.1\ncontent-type:application/json\n\n{\"client_id\":\"2-5\",\"body\":\"123\"}\0");
    }

    @Test
    void the_sender_s_own_copy_is_its_ack_and_the_others_copies_are_deliveries() {
        String message = "MESSAGE\ndestination:/topic/chat.1\ncontent-type:application/json\nsubscription:0\n"
                + "message-id:x-1\ncontent-length:37\n\n{\"client_id\":\"2-5\",\"body\":\"987654321\"}\0";
        assertThat(read(2, message)).isEqualTo(new Inbound.Ack("2-5"));
        assertThat(read(3, message)).isEqualTo(new Inbound.Delivery(987654321L));
        assertThat(read(2, message.replace("\"2-5\"", "\"20-5\""))).isEqualTo(new Inbound.Delivery(987654321L));
    }

    @Test
    void errors_receipts_and_heartbeats_are_not_counted() {
        assertThat(read(0, "ERROR\nmessage:boom\n\n\0")).isEqualTo(Inbound.IGNORED);
        assertThat(read(0, "RECEIPT\nreceipt-id:1\n\n\0")).isEqualTo(Inbound.IGNORED);
        assertThat(read(0, "\n")).isEqualTo(Inbound.IGNORED);
    }
}
