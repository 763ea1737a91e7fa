package io.vestnik.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

/**
 * WebSocket text frames as the bytes that go on the wire: one final, unmasked frame (RFC 6455
 * §5.2), header and UTF-8 payload in one buffer. A server's frames are never masked, so the same
 * bytes are right for every client: an event is encoded once and each recipient is written a
 * {@link ByteBuf#retainedDuplicate()} of it (decision 0038).
 */
final class TextFrames {
    private static final int FIN_TEXT = 0x81;
    private static final int SHORT_LENGTH = 126;
    private static final int LONG_LENGTH = 127;

    private TextFrames() {}

    /** The whole frame for {@code text}; the caller owns (and releases) the buffer. */
    static ByteBuf encode(ByteBufAllocator allocator, String text) {
        int length = ByteBufUtil.utf8Bytes(text);
        ByteBuf frame = allocator.directBuffer(headerBytes(length) + length);
        frame.writeByte(FIN_TEXT);
        if (length < SHORT_LENGTH) {
            frame.writeByte(length);
        } else if (length <= 0xFFFF) {
            frame.writeByte(SHORT_LENGTH).writeShort(length);
        } else {
            frame.writeByte(LONG_LENGTH).writeLong(length);
        }
        ByteBufUtil.reserveAndWriteUtf8(frame, text, length);
        return frame;
    }

    private static int headerBytes(int length) {
        if (length < SHORT_LENGTH) return 2;
        return length <= 0xFFFF ? 4 : 10;
    }
}
