package io.vestnik.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vestnik.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebSocketFootprintTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().await();
    }

    /** Fails when a Vert.x upgrade moves the internals, rather than letting sockets silently grow back. */
    @Test
    void a_trimmed_socket_still_writes_pings_messages_and_its_close() {
        AtomicReference<Boolean> trimmed = new AtomicReference<>();
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0).setStrictThreadMode(true))
                .webSocketHandshakeHandler(handshake -> handshake.accept().onSuccess(socket -> {
                    trimmed.set(WebSocketFootprint.trim(socket) && socket.headers().isEmpty());
                    socket.textMessageHandler(text -> {
                        socket.writePing(io.vertx.core.buffer.Buffer.buffer("p"));
                        socket.writeTextMessage("echo " + text);
                        if (text.equals("bye")) socket.close((short) 4000, "done");
                    });
                }))
                .webSocketHandler(socket -> { })
                .listen().await();

        List<String> heard = new CopyOnWriteArrayList<>();
        AtomicReference<Integer> closedWith = new AtomicReference<>();
        java.net.http.WebSocket client = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.actualPort() + "/"), new java.net.http.WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(java.net.http.WebSocket socket, CharSequence text, boolean last) {
                        heard.add(text.toString());
                        socket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onPing(java.net.http.WebSocket socket, ByteBuffer message) {
                        heard.add("ping");
                        socket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(java.net.http.WebSocket socket, int code, String reason) {
                        closedWith.set(code);
                        return null;
                    }
                }).join();
        client.sendText("hello", true).join();
        client.sendText("bye", true).join();

        Await.until("the server's writes", Duration.ofSeconds(10), () -> closedWith.get() != null);
        assertThat(trimmed.get()).isTrue();
        assertThat(heard).containsExactly("ping", "echo hello", "ping", "echo bye");
        assertThat(closedWith.get()).isEqualTo(4000);
    }
}
