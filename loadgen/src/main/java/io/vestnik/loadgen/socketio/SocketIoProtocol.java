package io.vestnik.loadgen.socketio;

import io.vestnik.loadgen.Options;
import io.vestnik.loadgen.client.Inbound;
import io.vestnik.loadgen.client.JsonScan;
import io.vestnik.loadgen.client.Protocol;
import java.net.URI;
import java.util.List;
import java.util.function.Consumer;

/**
 * Socket.IO v4 over Engine.IO v4's WebSocket transport, spoken directly (no polling, no upgrade): the
 * server opens with {@code 0{...}}, the client connects the default namespace with {@code 40}, the
 * server confirms with {@code 40{"sid":...}}, the client joins its room with {@code 420["join",room]}
 * and is ready on the join's ack {@code 430[...]}. A send is the event {@code 42<id>["send",{...}]},
 * acked by {@code 43<id>[{"client_id":...}]}; receivers get {@code 42["new_message",{...}]}. Engine.IO
 * pings ({@code 2}) are answered with pongs ({@code 3}). The peer is bench/socketio/server.js.
 */
public final class SocketIoProtocol implements Protocol {
    private static final String PATH = "/socket.io/?EIO=4&transport=websocket";
    // Ack id 0 is the join; sends take 1, 2, ...
    private static final long JOIN_ACK = 0;

    private Options options;
    private long[] nextAckId;

    @Override
    public void prepare(Options options) {
        this.options = options;
        this.nextAckId = new long[options.connections()];
    }

    @Override
    public URI uri(int index) {
        return options.webSocketUrl(index, PATH);
    }

    @Override
    public List<String> opening(int index) {
        return List.of(); // the server speaks first
    }

    @Override
    public Inbound read(int index, String text, Consumer<String> reply) {
        return switch (EnginePacket.of(text)) {
            case EnginePacket.Open _ -> {
                reply.accept("40");
                yield Inbound.IGNORED;
            }
            case EnginePacket.Ping _ -> {
                reply.accept("3");
                yield Inbound.IGNORED;
            }
            case EnginePacket.Connected _ -> {
                reply.accept("42" + JOIN_ACK + "[\"join\"," + options.groupOf(index) + "]");
                yield Inbound.IGNORED;
            }
            case EnginePacket.Ack ack -> ack.id() == JOIN_ACK
                    ? Inbound.READY : new Inbound.Ack(JsonScan.string(ack.payload(), "client_id"));
            case EnginePacket.Event event -> "new_message".equals(event.name())
                    ? new Inbound.Delivery(JsonScan.number(event.payload(), "body", 0)) : Inbound.IGNORED;
            case EnginePacket.Other _ -> Inbound.IGNORED;
        };
    }

    @Override
    public String send(int index, String clientId, long sentAtNanos) {
        long ackId = ++nextAckId[index]; // event loop of this connection only
        return "42" + ackId + "[\"send\",{\"room\":" + options.groupOf(index) + ",\"client_id\":\"" + clientId
                + "\",\"body\":\"" + sentAtNanos + "\"}]";
    }
}
