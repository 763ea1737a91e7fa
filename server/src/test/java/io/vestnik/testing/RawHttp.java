package io.vestnik.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * HTTP/1.1 written by hand over a plain socket, for requests a proper client refuses to send (a
 * malformed {@code %} escape in the target) and for clients that stall on purpose. Each exchange
 * has a deadline: a server that never answers fails the test instead of hanging it.
 */
public final class RawHttp implements AutoCloseable {
    /** An answer: status, lower-cased head and body as text. */
    public record Answer(int status, String head, String body) {
        public JsonNode json() {
            try {
                return HttpApi.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public String error() {
            return json().path("error").asText(null);
        }

        public boolean closesConnection() {
            return head.contains("\r\nconnection: close");
        }
    }

    /** CR LF CR LF as the last four bytes read. */
    private static final int END_OF_HEAD = 0x0D0A0D0A;

    private static final int CONNECT_TIMEOUT_MILLIS = 5000;

    private final Socket socket;

    private RawHttp(Socket socket) {
        this.socket = socket;
    }

    /** Connects to 127.0.0.1 (within a few seconds); every read gives up after {@code timeout}. */
    public static RawHttp connect(int port, Duration timeout) {
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), CONNECT_TIMEOUT_MILLIS);
            socket.setSoTimeout((int) timeout.toMillis());
            return new RawHttp(socket);
        } catch (IOException e) {
            throw new IllegalStateException("cannot connect to port " + port, e);
        }
    }

    /** Sends one request (head lines without the final blank line, then the body) and reads the answer. */
    public static Answer exchange(int port, Duration timeout, String head, byte[] body) {
        try (RawHttp http = connect(port, timeout)) {
            http.send((head + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            http.send(body);
            return http.answer();
        }
    }

    public static Answer get(int port, Duration timeout, String target, String token) {
        String auth = token == null ? "" : "\r\nAuthorization: Bearer " + token;
        try (RawHttp http = connect(port, timeout)) {
            http.send(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1" + auth + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            return http.answer();
        }
    }

    public void send(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        } catch (IOException e) {
            throw new IllegalStateException("write failed", e);
        }
    }

    /** Reads one answer with a Content-Length body (every JSON answer of the server has one). */
    public Answer answer() {
        try {
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            int status = Integer.parseInt(head.substring(9, 12));
            byte[] body = in.readNBytes(contentLength(head));
            return new Answer(status, head.toLowerCase(Locale.ROOT), new String(body, StandardCharsets.UTF_8));
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within " + timeoutMillis() + " ms");
        } catch (IOException e) {
            throw new IllegalStateException("read failed", e);
        }
    }

    /** True once the server has closed the connection: reads (and discards) what arrived until the end of the stream. */
    public boolean closedByServer() {
        byte[] discarded = new byte[4096];
        try {
            int read;
            do {
                read = socket.getInputStream().read(discarded);
            } while (read > 0);
            return read == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset: closed as well
        }
    }

    private int timeoutMillis() {
        try {
            return socket.getSoTimeout();
        } catch (IOException e) {
            return -1;
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            last4 = (last4 << 8) | b;
            if (last4 == END_OF_HEAD) break;
        }
        if (head.size() == 0) throw new IOException("connection closed without an answer");
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) return Integer.parseInt(line.substring(15).trim());
        }
        return 0;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }
}
