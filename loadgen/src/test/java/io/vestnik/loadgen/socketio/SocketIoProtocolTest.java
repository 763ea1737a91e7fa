package io.vestnik.loadgen.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.loadgen.Options;
import io.vestnik.loadgen.Target;
import io.vestnik.loadgen.client.Inbound;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SocketIoProtocolTest {
    private final SocketIoProtocol protocol = new SocketIoProtocol();
    private final List<String> replies = new ArrayList<>();

    SocketIoProtocolTest() {
        protocol.prepare(new Options(Target.SOCKETIO, List.of(URI.create("http://127.0.0.1:3000")), 4, 2, 2, 1, 16, 0,
                Duration.ofSeconds(1), Duration.ZERO, 1, 256, List.of(), null, null));
    }

    private Inbound read(int index, String frame) {
        return protocol.read(index, frame, replies::add);
    }

    @Test
    void connects_the_namespace_joins_the_room_and_is_ready_on_the_join_ack() {
        assertThat(read(2, "0{\"sid\":\"abc\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000}"))
                .isEqualTo(Inbound.IGNORED);
        assertThat(replies).containsExactly("40");
        assertThat(read(2, "40{\"sid\":\"xyz\"}")).isEqualTo(Inbound.IGNORED);
        assertThat(replies).last().isEqualTo("420[\"join\",1]");
        assertThat(read(2, "430[{\"joined\":1}]")).isEqualTo(Inbound.READY);
    }

    @Test
    void answers_engine_io_pings_with_pongs() {
        assertThat(read(0, "2")).isEqualTo(Inbound.IGNORED);
        assertThat(replies).containsExactly("3");
    }

    @Test
    void sends_carry_an_ack_id_and_their_acks_name_the_client_id() {
        assertThat(protocol.send(0, "0-0", 123)).isEqualTo("421[\"send\",{\"room\":0,\"client_id\":\"0-0\",\"body\":\"123\"}]");
        assertThat(protocol.send(0, "0-1", 124)).startsWith("422[\"send\"");
        assertThat(read(0, "4312[{\"client_id\":\"0-7\"}]")).isEqualTo(new Inbound.Ack("0-7"));
    }

    @Test
    void new_message_events_are_deliveries_timed_by_the_body_and_other_events_are_not() {
        assertThat(read(1, "42[\"new_message\",{\"room\":0,\"client_id\":\"0-3\",\"body\":\"987654321\"}]"))
                .isEqualTo(new Inbound.Delivery(987654321L));
        assertThat(read(1, "42[\"something_else\",{\"body\":\"1\"}]")).isEqualTo(Inbound.IGNORED);
        assertThat(read(1, "41")).isEqualTo(Inbound.IGNORED);
        assertThat(read(1, "")).isEqualTo(Inbound.IGNORED);
    }

    @Test
    void connects_to_the_websocket_transport_of_each_node_in_turn() {
        assertThat(protocol.uri(1)).hasToString("ws://127.0.0.1:3000/socket.io/?EIO=4&transport=websocket");
    }
}
