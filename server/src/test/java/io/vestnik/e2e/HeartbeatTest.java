package io.vestnik.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.testing.HttpApi;
import io.vestnik.testing.HttpApi.User;
import io.vestnik.testing.TestNode;
import io.vestnik.testing.WsClient;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server pings; clients that answer stay, clients that stay silent are closed with 4000. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HeartbeatTest {
    static TestNode node;
    static HttpApi http;

    @BeforeAll
    static void startNode() {
        node = TestNode.start(TestNode.Storage.SQLITE, Map.of(
                "VESTNIK_HEARTBEAT_INTERVAL", "300ms", "VESTNIK_HEARTBEAT_TIMEOUT", "1s"));
        http = node.http();
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void a_client_that_answers_pings_receives_them_and_stays_connected() throws InterruptedException {
        User alice = http.register("alice");
        try (WsClient ws = WsClient.connect(node, alice)) {
            ws.next("connected");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (ws.pingsReceived() == 0 && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(ws.pingsReceived()).as("server pings within 2 s").isPositive();

            Thread.sleep(3_000); // three timeouts long: answering pings must keep it open
            assertThat(ws.isClosed()).isFalse();
            assertThat(ws.pingsReceived()).isGreaterThan(1);
            ws.send(Map.of("type", "ping"));
            ws.next("pong");
        }
    }

    @Test
    void a_client_that_never_answers_is_closed_with_4000() throws IOException {
        User alice = http.register("alice");
        URI base = URI.create(node.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /ws?ticket=" + http.ticket(alice) + " HTTP/1.1\r\n"
                    + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String status = readHeaders(in);
            assertThat(status).startsWith("HTTP/1.1 101");
            long upgraded = System.nanoTime();

            List<Integer> opcodes = new ArrayList<>();
            while (true) {
                Frame frame;
                try {
                    frame = Frame.read(in);
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("no close frame within 5 s; frames seen: " + opcodes, e);
                }
                opcodes.add(frame.opcode());
                if (frame.opcode() == 0x8) {
                    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - upgraded);
                    assertThat(frame.payload().length).isGreaterThanOrEqualTo(2);
                    int code = ((frame.payload()[0] & 0xFF) << 8) | (frame.payload()[1] & 0xFF);
                    assertThat(code).isEqualTo(4000);
                    assertThat(elapsedMillis).as("closed within ~3 s").isLessThanOrEqualTo(3_500);
                    return;
                }
            }
        }
    }

    /** Reads the status line and headers, byte by byte so no frame bytes are buffered away. */
    private static String readHeaders(DataInputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new AssertionError("connection closed during the upgrade: " + head);
            head.append((char) b);
        }
        return head.substring(0, head.indexOf("\r\n"));
    }

    /** One unmasked server frame. */
    private record Frame(int opcode, byte[] payload) {
        static Frame read(DataInputStream in) throws IOException {
            int first = in.readUnsignedByte();
            int second = in.readUnsignedByte();
            long length = second & 0x7F;
            if (length == 126) length = in.readUnsignedShort();
            else if (length == 127) length = in.readLong();
            byte[] mask = null;
            if ((second & 0x80) != 0) {
                mask = new byte[4];
                in.readFully(mask);
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            if (mask != null) for (int i = 0; i < payload.length; i++) payload[i] ^= mask[i % 4];
            return new Frame(first & 0x0F, payload);
        }
    }
}
