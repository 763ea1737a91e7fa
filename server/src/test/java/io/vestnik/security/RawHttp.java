package io.vestnik.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP/1.1 written by hand over a socket, so a request may be anything: a target java.net.http
 * would refuse, headers that lie, bytes that are not a request at all. One connection per request,
 * reset on close (SO_LINGER 0) so a long run leaves no TIME_WAIT behind.
 */
final class RawHttp {
    /** What came back: a status code, or 0 when the server closed the connection without one. */
    record Answer(int status, String head) {}

    /** Nothing came back, not even a close, within the bound. */
    static final class Hang extends Exception {
        Hang(String request) {
            super("no answer within the bound to: " + request);
        }
    }

    private final int port;
    private final Duration bound;

    RawHttp(int port, Duration bound) {
        this.port = port;
        this.bound = bound;
    }

    /** Sends the bytes, half-closes (so a body the headers promise but never comes cannot wait forever), reads the status line. */
    Answer send(byte[] request) throws IOException, Hang {
        try (Socket socket = new Socket()) {
            socket.setSoLinger(true, 0);
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) bound.toMillis());
            socket.setSoTimeout((int) bound.toMillis());
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                socket.shutdownOutput();
            } catch (SocketException closedEarly) {
                // The server may answer and close before reading everything (413, 400): read what it said.
            }
            return readHead(socket.getInputStream(), request);
        }
    }

    private Answer readHead(InputStream in, byte[] request) throws IOException, Hang {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        try {
            for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) head.write(b);
        } catch (SocketTimeoutException e) {
            throw new Hang(abbreviate(request));
        } catch (SocketException reset) {
            // closed by the server with a reset: an answer of its own kind
        }
        String line = head.toString(StandardCharsets.ISO_8859_1);
        boolean isStatus = line.startsWith("HTTP/1.") && line.length() >= 12;
        return new Answer(isStatus ? Integer.parseInt(line.substring(9, 12)) : 0, line.strip());
    }

    static String abbreviate(byte[] request) {
        String text = new String(request, 0, Math.min(request.length, 300), StandardCharsets.ISO_8859_1);
        return text.replace("\r", "\\r").replace("\n", "\\n") + (request.length > 300 ? "…(" + request.length + " bytes)" : "");
    }
}
