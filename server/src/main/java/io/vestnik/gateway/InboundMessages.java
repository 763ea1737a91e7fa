package io.vestnik.gateway;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import io.vestnik.protocol.CloseCodes;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Puts one WebSocket's data frames back together into messages, in place of Vert.x's own
 * aggregation, which decodes text leniently (bad bytes become U+FFFD). Here a text message that is
 * not valid UTF-8 closes the socket with 1007 as RFC 6455 §8.1 requires, and a message larger than
 * the frame limit closes it with 4008 as soon as it passes the limit, before more is buffered.
 * Runs on the connection's event loop.
 */
final class InboundMessages implements Handler<WebSocketFrame> {
    private final Connection connection;
    private final int maxBytes;
    private final Consumer<String> onText;
    private final Runnable onBinary;
    /** The message being assembled; null between messages. */
    private Buffer pending;
    private boolean pendingIsText;

    InboundMessages(Connection connection, int maxBytes, Consumer<String> onText, Runnable onBinary) {
        this.connection = connection;
        this.maxBytes = maxBytes;
        this.onText = onText;
        this.onBinary = onBinary;
    }

    @Override
    public void handle(WebSocketFrame frame) {
        if (frame.isText() || frame.isBinary()) {
            pending = Buffer.buffer();
            pendingIsText = frame.isText();
        } else if (!frame.isContinuation() || pending == null) {
            return; // control frames are Vert.x's; a stray continuation belongs to no message
        }
        pending.appendBuffer(frame.binaryData());
        if (pending.length() > maxBytes) {
            pending = null;
            connection.close(CloseCodes.POLICY_VIOLATION, "Frame larger than " + maxBytes + " bytes");
        } else if (frame.isFinal()) {
            finish();
        }
    }

    private void finish() {
        Buffer message = pending;
        pending = null;
        if (!pendingIsText) {
            onBinary.run();
            return;
        }
        try {
            onText.accept(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(message.getBytes())).toString());
        } catch (CharacterCodingException e) {
            connection.close(CloseCodes.INVALID_PAYLOAD, "Text frames must be UTF-8");
        }
    }
}
