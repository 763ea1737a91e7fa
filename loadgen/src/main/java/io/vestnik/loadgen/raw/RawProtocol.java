package io.vestnik.loadgen.raw;

import io.vestnik.loadgen.Options;
import io.vestnik.loadgen.client.Inbound;
import io.vestnik.loadgen.client.JsonScan;
import io.vestnik.loadgen.client.Protocol;
import java.net.URI;
import java.util.List;
import java.util.function.Consumer;

/**
 * Talks to {@link CeilingServer}. Sends are shaped like Vestnik's ({@code type}, {@code client_id},
 * {@code body} = the sender's nanoTime) so both peers carry the same bytes. Idle connections join room
 * -1, where nobody sends.
 */
public final class RawProtocol implements Protocol {
    private Options options;

    @Override
    public void prepare(Options options) {
        this.options = options;
    }

    @Override
    public URI uri(int index) {
        return options.url(index);
    }

    @Override
    public List<String> opening(int index) {
        return List.of("{\"room\":" + options.groupOf(index) + "}");
    }

    @Override
    public Inbound read(int index, String text, Consumer<String> reply) {
        String type = JsonScan.string(text, "type");
        if (type == null) return Inbound.IGNORED;
        return switch (type) {
            case "send" -> new Inbound.Delivery(JsonScan.number(text, "body", 0));
            case "ack" -> new Inbound.Ack(JsonScan.string(text, "client_id"));
            case "joined" -> Inbound.READY;
            default -> Inbound.IGNORED;
        };
    }

    @Override
    public String send(int index, String clientId, long sentAtNanos) {
        return "{\"type\":\"send\",\"client_id\":\"" + clientId + "\",\"body\":\"" + sentAtNanos + "\"}";
    }
}
