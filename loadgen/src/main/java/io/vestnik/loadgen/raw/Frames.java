package io.vestnik.loadgen.raw;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

/**
 * Complete server-to-client WebSocket text frames (RFC 6455 §5.2: FIN, opcode 1, unmasked), built
 * as one buffer so a broadcast is encoded once and the same bytes go to every recipient; Netty's
 * frame encoder passes a {@link ByteBuf} through untouched.
 */
final class Frames {
    private static final int FIN_TEXT = 0x81;
    private static final int LENGTH_16 = 126;
    private static final int LENGTH_64 = 127;

    private Frames() {}

    /** A text frame carrying the readable bytes of {@code payload} (not consumed). */
    static ByteBuf text(ByteBufAllocator alloc, ByteBuf payload) {
        int length = payload.readableBytes();
        ByteBuf frame = header(alloc, length);
        frame.writeBytes(payload, payload.readerIndex(), length);
        return frame;
    }

    /** A text frame carrying {@code text} in UTF-8. */
    static ByteBuf text(ByteBufAllocator alloc, CharSequence text) {
        ByteBuf frame = header(alloc, ByteBufUtil.utf8Bytes(text));
        ByteBufUtil.writeUtf8(frame, text);
        return frame;
    }

    private static ByteBuf header(ByteBufAllocator alloc, int length) {
        ByteBuf frame = alloc.directBuffer(10 + length);
        frame.writeByte(FIN_TEXT);
        if (length < LENGTH_16) {
            frame.writeByte(length);
        } else if (length <= 0xFFFF) {
            frame.writeByte(LENGTH_16).writeShort(length);
        } else {
            frame.writeByte(LENGTH_64).writeLong(length);
        }
        return frame;
    }
}
