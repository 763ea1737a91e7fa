package io.vestnik.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * One WebSocket, from upgrade to close. Whole frames are handed to {@link Events} on the
 * connection's thread, in arrival order; sends are chained so the JDK's one-send-at-a-time rule
 * holds. {@link Events#closed} comes at most once per socket that reported anything.
 */
final class Socket implements WebSocket.Listener {
    /** Abnormal closure: the connection failed without a close frame (RFC 6455 §7.4.1). */
    static final int ABNORMAL = 1006;

    interface Events {
        void frame(Socket socket, JsonNode frame);

        void closed(Socket socket, int code);
    }

    private final Executor loop;
    private final Events events;
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket webSocket;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

    Socket(Executor loop, Events events) {
        this.loop = loop;
        this.events = events;
    }

    void open(HttpClient client, URI uri) {
        client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, this)
                .whenComplete((ws, error) -> {
                    if (error != null) loop.execute(() -> events.closed(this, ABNORMAL));
                });
    }

    /** Queues a frame; called on the connection's thread only. */
    void send(Object frame) {
        WebSocket ws = webSocket;
        if (ws == null) return;
        String text = Json.write(frame);
        sending = sending.exceptionally(error -> null).thenCompose(ignored -> ws.sendText(text, true));
    }

    void close() {
        WebSocket ws = webSocket;
        if (ws != null) sending.whenComplete((r, e) -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "").whenComplete((x, y) -> ws.abort()));
    }

    void abort() {
        WebSocket ws = webSocket;
        if (ws != null) ws.abort();
    }

    @Override
    public void onOpen(WebSocket ws) {
        webSocket = ws;
        ws.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            loop.execute(() -> frame(text));
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        loop.execute(() -> events.closed(this, statusCode));
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        loop.execute(() -> events.closed(this, ABNORMAL));
    }

    private void frame(String text) {
        try {
            events.frame(this, Json.read(text));
        } catch (VestnikException | IllegalArgumentException e) { // not JSON, or not the shape the protocol gives
            abort();
            events.closed(this, ABNORMAL);
        }
    }
}
