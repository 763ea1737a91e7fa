package io.vestnik.security;

import io.vestnik.testing.RawHttp;
import io.vestnik.testing.RawWebSocket;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Issue #9: WebSocket fuzzing of a live node — text frames of JSON with wrong types, huge numbers
 * and deep nesting, binary frames, and text that is not UTF-8. After each frame the socket must
 * answer a {@code ping} with {@code pong}, or have been closed by the server, within 5 s, and the
 * node must log no error. A closed socket is opened again for the next input.
 */
class WebSocketFuzzTest {
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final byte[] PING = "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
    static FuzzTarget target;
    static RawWebSocket socket;

    /** A frame to send: opcode and payload. */
    record Frame(int opcode, byte[] payload) {}

    @BeforeContainer
    static void start() {
        target = new FuzzTarget("WebSocketFuzzTest");
    }

    @AfterContainer
    static void stop() throws IOException {
        if (socket != null) socket.close();
        target.close();
    }

    @Property(shrinking = ShrinkingMode.OFF)
    void any_frame_leaves_a_socket_that_answers_or_was_closed_on_purpose(@ForAll("frames") Frame frame) throws IOException {
        String input = frame.opcode() + ": " + RawHttp.abbreviate(frame.payload());
        target.countInput();
        RawWebSocket ws = socket();
        try {
            ws.sendFrame(frame.opcode(), frame.payload());
            ws.sendText(PING);
        } catch (IOException closedWhileSending) {
            // the server closed it on an earlier part (an oversized frame): awaited below
        }
        awaitPongOrClose(ws, input);
        target.noErrorsLogged(input);
    }

    private static void awaitPongOrClose(RawWebSocket ws, String input) throws IOException {
        ws.readTimeout(FuzzTarget.BOUND);
        try {
            while (true) {
                RawWebSocket.Frame answer = ws.read();
                if (answer.opcode() == RawWebSocket.Frame.CLOSE) break;
                if (answer.opcode() == TEXT && new String(answer.payload(), StandardCharsets.UTF_8).contains("\"pong\"")) return;
            }
        } catch (SocketTimeoutException e) {
            target.countHang();
            throw new AssertionError("neither pong nor close within " + FuzzTarget.BOUND + " after " + input, e);
        } catch (IOException reset) {
            // closed without a close frame: also an answer
        }
        socket.close();
        socket = null;
    }

    private static RawWebSocket socket() throws IOException {
        if (socket == null) {
            socket = RawWebSocket.open("127.0.0.1", target.node.port(), "/ws", 0,
                    Map.of("Authorization", "Bearer " + target.fuzzer.token()));
            if (socket.statusCode() != 101) throw new AssertionError("upgrade refused: " + socket.status());
        }
        return socket;
    }

    @Provide
    Arbitrary<Frame> frames() {
        Arbitrary<Frame> json = FuzzInputs.frameText().map(text -> new Frame(TEXT, FuzzInputs.utf8(realIds(text))));
        Arbitrary<Frame> binary = FuzzInputs.bytes(4_000).map(bytes -> new Frame(BINARY, bytes));
        Arbitrary<Frame> notUtf8 = FuzzInputs.bytes(300).filter(bytes -> !isUtf8(bytes)).map(bytes -> new Frame(TEXT, bytes));
        Arbitrary<Frame> oversized = Arbitraries.integers().between(60_000, 140_000)
                .map(size -> new Frame(TEXT, ("{\"type\":\"send\",\"body\":\"" + "x".repeat(size) + "\"}").getBytes(StandardCharsets.UTF_8)));
        return Arbitraries.frequencyOf(Tuple.of(12, json), Tuple.of(2, binary), Tuple.of(1, notUtf8), Tuple.of(1, oversized));
    }

    /** Points some frames at the fuzzing user's real chat, so they get past "not found". */
    private static String realIds(String text) {
        return text.replace("\"chat_id\":1,", "\"chat_id\":" + target.chat + ",");
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }
}
