package io.vestnik.loadgen.stomp;

import io.vestnik.loadgen.Options;
import io.vestnik.loadgen.client.Inbound;
import io.vestnik.loadgen.client.JsonScan;
import io.vestnik.loadgen.client.Protocol;
import java.net.URI;
import java.util.List;
import java.util.function.Consumer;

/**
 * STOMP 1.2 over a plain WebSocket, as Spring's STOMP support speaks it (the peer is
 * bench/spring-stomp). The client writes CONNECT and SUBSCRIBE to {@code /topic/chat.<group>} at once
 * and is ready on CONNECTED: the peer handles a session's frames in order, so the subscription is in
 * place before any send (senders start once every connection is ready). A send is
 * {@code SEND /app/chat.<group>} with {@code {"client_id","body"}}; the broker writes it as MESSAGE to
 * every subscriber. STOMP has no per-send answer from Spring's simple broker (it ignores {@code
 * receipt}), so the sender's own copy of its broadcast is its ack and the other members' copies are
 * the deliveries, the same split as the other targets'.
 */
public final class StompProtocol implements Protocol {
    private static final String PATH = "/stomp";

    private Options options;

    @Override
    public void prepare(Options options) {
        this.options = options;
    }

    @Override
    public URI uri(int index) {
        return options.webSocketUrl(index, PATH);
    }

    @Override
    public List<String> opening(int index) {
        return List.of(StompFrame.connect(options.url(index).getHost()),
                StompFrame.subscribe("/topic/chat." + options.groupOf(index)));
    }

    @Override
    public Inbound read(int index, String text, Consumer<String> reply) {
        StompFrame frame = StompFrame.of(text);
        return switch (frame.command()) {
            case "CONNECTED" -> Inbound.READY;
            case "MESSAGE" -> message(index, frame.body());
            default -> Inbound.IGNORED;
        };
    }

    private static Inbound message(int index, String json) {
        String clientId = JsonScan.string(json, "client_id");
        // Client ids are "<sender index>-<sequence>" (ClientConnection): the sender's own copy is its ack.
        if (clientId != null && clientId.startsWith(index + "-")) return new Inbound.Ack(clientId);
        return new Inbound.Delivery(JsonScan.number(json, "body", 0));
    }

    @Override
    public String send(int index, String clientId, long sentAtNanos) {
        return StompFrame.send("/app/chat." + options.groupOf(index),
                "{\"client_id\":\"" + clientId + "\",\"body\":\"" + sentAtNanos + "\"}");
    }
}
