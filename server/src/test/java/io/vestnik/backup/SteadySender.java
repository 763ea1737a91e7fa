package io.vestnik.backup;

import com.fasterxml.jackson.databind.JsonNode;
import io.vestnik.testing.WsClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One chat's sender over its own socket, one message at a time (the next goes once the last is
 * acknowledged), on a virtual thread until stopped; remembers when each ack arrived.
 */
final class SteadySender implements AutoCloseable {
    /** An acknowledged message: its seq, its client_id, and {@link System#nanoTime} when the ack came. */
    record Ack(long seq, String clientId, long atNanos) {}

    private final long chatId;
    private final WsClient socket;
    private final String prefix;
    private final List<Ack> acks = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private volatile Throwable failure;
    private Thread thread;

    SteadySender(long chatId, WsClient socket, String prefix) {
        this.chatId = chatId;
        this.socket = socket;
        this.prefix = prefix;
        socket.next("connected");
    }

    SteadySender start() {
        thread = Thread.ofVirtual().name("sender-" + chatId).start(() -> {
            try {
                for (int n = 0; running; n++) sendOne(prefix + n);
            } catch (Throwable e) {
                failure = e;
            }
        });
        return this;
    }

    /** Sends one message and waits for its ack. */
    Ack sendOne(String clientId) {
        socket.send(Map.of("type", "send", "chat_id", chatId, "client_id", clientId, "body", "message " + clientId));
        JsonNode ack = socket.next("ack");
        if (!clientId.equals(ack.path("client_id").asText())) throw new AssertionError("ack of another send: " + ack);
        Ack acked = new Ack(ack.path("message").path("seq").asLong(), clientId, System.nanoTime());
        acks.add(acked);
        return acked;
    }

    long ackedAfter(long nanos) {
        return acks.stream().filter(ack -> ack.atNanos() > nanos).count();
    }

    List<Ack> acks() {
        return List.copyOf(acks);
    }

    long lastSeq() {
        return acks.isEmpty() ? 0 : acks.getLast().seq();
    }

    /** Stops after the send under way is acknowledged; throws what broke the loop, if anything did. */
    void stop() throws InterruptedException {
        running = false;
        thread.join();
        if (failure != null) throw new AssertionError("sender of chat " + chatId + " failed", failure);
    }

    @Override
    public void close() {
        running = false;
        socket.close();
    }
}
