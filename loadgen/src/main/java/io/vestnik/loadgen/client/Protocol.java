package io.vestnik.loadgen.client;

import io.vestnik.loadgen.Options;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What differs between the servers under test: how a connection is set up, how a send is framed and
 * how inbound frames are read. The client core owns sockets, timing and counting.
 *
 * <p>Threading: {@link #prepare} runs once before any socket and may block (HTTP set-up); {@link #uri}
 * and {@link #headers} run on connector threads; {@link #opening}, {@link #read} and {@link #send} run on the connection's event loop and
 * must not block. Each connection is addressed by its index in {@code 0..connections-1}.
 *
 * <p>A connection counts as established when {@link #read} first returns {@link Inbound.Ready}, so
 * handshakes inside the protocol (Vestnik's {@code connected}, Engine.IO's {@code 0}/{@code 40}, the raw
 * peer's {@code joined}) are part of the connect time.
 */
public interface Protocol {

    /** Creates what the run needs on the server (accounts, chats); blocking, once, before any socket. */
    void prepare(Options options) throws Exception;

    /** Where connection {@code index} opens its WebSocket. */
    URI uri(int index);

    /** Extra headers on connection {@code index}'s upgrade request (for example its credentials). */
    default Map<String, String> headers(int index) {
        return Map.of();
    }

    /** Text frames to write as soon as the WebSocket handshake is done (for example a room join). */
    List<String> opening(int index);

    /**
     * Reads one inbound text frame. Protocol-level replies (Engine.IO pong, namespace connect) go out
     * through {@code reply}.
     */
    Inbound read(int index, String text, Consumer<String> reply);

    /** One send frame from connection {@code index}; the body carries {@code sentAtNanos} for receivers. */
    String send(int index, String clientId, long sentAtNanos);
}
