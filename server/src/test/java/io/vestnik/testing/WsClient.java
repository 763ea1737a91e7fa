package io.vestnik.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A WebSocket client for tests: keeps every frame it receives, in order, and lets a test wait
 * for the next frame of a type. Answers pings like a browser does.
 */
public final class WsClient extends JsonFrameListener implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    public static final Duration WAIT = Duration.ofSeconds(10);

    private final Inbox inbox = new Inbox();
    private final List<JsonNode> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final AtomicInteger pings = new AtomicInteger();
    private WebSocket socket;

    private WsClient() {}

    public static WsClient connect(TestNode node, HttpApi.User user) {
        return open(node.wsUrl() + "?ticket=" + node.http().ticket(user), Map.of());
    }

    /** Connects as a client that will send {@code resume} first ({@code ?resume=1}). */
    public static WsClient connectResuming(TestNode node, HttpApi.User user) {
        return open(node.wsUrl() + "?ticket=" + node.http().ticket(user) + "&resume=1", Map.of());
    }

    public static WsClient connect(NodeProcess node, HttpApi.User user) {
        return open(node.wsUrl() + "?ticket=" + node.http().ticket(user), Map.of());
    }

    /** @throws IllegalStateException carrying the refusal when the upgrade is refused */
    public static WsClient open(String url, Map<String, String> headers) {
        WsClient client = new WsClient();
        WebSocket.Builder builder = CLIENT.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        try {
            client.socket = builder.buildAsync(URI.create(url), client).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
        return client;
    }

    public void send(Object frame) {
        String text = frame instanceof String raw ? raw : HttpApi.write(frame);
        socket.sendText(text, true).join();
    }

    public void sendBinary(byte[] frame) {
        socket.sendBinary(java.nio.ByteBuffer.wrap(frame), true).join();
    }

    /** Removes and returns the first frame of the type, waiting for it to arrive. */
    public JsonNode next(String type) {
        return next(type, WAIT);
    }

    public JsonNode next(String type, Duration wait) {
        return inbox.next(type, wait);
    }

    /** Every frame of the type received so far, removed from the buffer. */
    public List<JsonNode> drain(String type) {
        return inbox.drain(type);
    }

    /** Waits until {@code count} frames of the type have arrived, and takes them. */
    public List<JsonNode> take(String type, int count) {
        return inbox.take(type, count, WAIT);
    }

    /** Every frame received so far, in arrival order, taken or not. */
    public List<JsonNode> received() {
        return List.copyOf(received);
    }

    public int closeCode() {
        try {
            return closeCode.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the server did not close the socket within " + WAIT, e);
        }
    }

    public boolean isClosed() {
        return closeCode.isDone();
    }

    public int pingsReceived() {
        return pings.get();
    }

    @Override
    protected void onJson(JsonNode frame) {
        received.add(frame);
        inbox.add(frame);
    }

    @Override
    protected void onNotJson(String text, IOException failure) {
        throw new AssertionError("server sent a frame that is not JSON: " + text, failure);
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        pings.incrementAndGet();
        return super.onPing(webSocket, message);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.complete(-1);
    }

    @Override
    public void close() {
        if (!closeCode.isDone()) socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
}
