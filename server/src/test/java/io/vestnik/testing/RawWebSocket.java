package io.vestnik.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A WebSocket client written by hand over a plain socket, for clients that misbehave on purpose:
 * one that never answers pings, one that never reads. It writes the upgrade and reads frames
 * only when asked.
 */
public final class RawWebSocket implements AutoCloseable {
    /** One unmasked server frame. */
    public record Frame(int opcode, byte[] payload) {
        public static final int CLOSE = 0x8;

        public int closeCode() {
            return payload.length < 2 ? -1 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final String status;

    private RawWebSocket(Socket socket, DataInputStream in, String status) {
        this.socket = socket;
        this.in = in;
        this.status = status;
    }

    /**
     * Upgrades {@code path} (with its query) on the node. A small {@code receiveBuffer} makes a
     * client that does not read fill up quickly.
     */
    public static RawWebSocket open(String host, int port, String path, int receiveBuffer) throws IOException {
        return open(host, port, path, receiveBuffer, java.util.Map.of());
    }

    /** The same, with extra request headers (an {@code Origin}, which java.net.http refuses to set). */
    public static RawWebSocket open(String host, int port, String path, int receiveBuffer,
                                    java.util.Map<String, String> headers) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) socket.setReceiveBufferSize(receiveBuffer);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(10_000);
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        OutputStream out = socket.getOutputStream();
        out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        return new RawWebSocket(socket, in, readStatus(in));
    }

    public String status() {
        return status;
    }

    /** The upgrade's HTTP status code: 101 when accepted. */
    public int statusCode() {
        return Integer.parseInt(status.substring(9, 12));
    }

    /** Reads frames until a close frame arrives, and returns its code. */
    public int awaitClose(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            while (true) {
                Frame frame = read();
                if (frame.opcode() == Frame.CLOSE) return frame.closeCode();
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no close frame within " + timeout, e);
        }
    }

    /** Sends one final text frame carrying {@code payload} as it is, valid UTF-8 or not (masked, as a client must). */
    public void sendText(byte[] payload) throws IOException {
        sendFrame(0x1, payload);
    }

    /** Sends one final frame of any opcode (text 0x1, binary 0x2, ...), masked, with the length encoding its size needs. */
    public void sendFrame(int opcode, byte[] payload) throws IOException {
        java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream(payload.length + 14);
        frame.write(0x80 | opcode);
        if (payload.length <= 125) {
            frame.write(0x80 | payload.length);
        } else if (payload.length <= 0xFFFF) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) frame.write((int) ((long) payload.length >>> shift) & 0xFF);
        }
        byte[] mask = {1, 2, 3, 4};
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) frame.write(payload[i] ^ mask[i % 4]);
        socket.getOutputStream().write(frame.toByteArray());
        socket.getOutputStream().flush();
    }

    /** How long a {@link #read()} may wait before it throws {@link SocketTimeoutException}. */
    public void readTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
    }

    public Frame read() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) length = in.readUnsignedShort();
        else if (length == 127) length = in.readLong();
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(first & 0x0F, payload);
    }

    /** Reads the status line and headers byte by byte, so no frame bytes are buffered away. */
    private static String readStatus(DataInputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("connection closed during the upgrade: " + head);
            head.append((char) b);
        }
        return head.substring(0, head.indexOf("\r\n"));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
