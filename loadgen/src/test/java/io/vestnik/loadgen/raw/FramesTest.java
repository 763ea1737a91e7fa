package io.vestnik.loadgen.raw;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FramesTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 125, 126, 65_535, 65_536, 200_000}) // each length encoding and its edges
    void a_client_decodes_the_frame_to_the_same_text(int length) {
        String text = "é".repeat(length / 2) + "x".repeat(length % 2);

        assertThat(decode(Frames.text(ByteBufAllocator.DEFAULT, text))).isEqualTo(text);
        ByteBuf payload = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        assertThat(decode(Frames.text(ByteBufAllocator.DEFAULT, payload))).isEqualTo(text);
        assertThat(payload.readableBytes()).as("the payload is not consumed").isEqualTo(length);
    }

    /** What a browser's WebSocket does with the bytes: Netty's client-side decoder (unmasked frames). */
    private static String decode(ByteBuf frame) {
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(false).maxFramePayloadLength(1 << 20).build()));
        assertThat(client.writeInbound(frame)).isTrue();
        TextWebSocketFrame decoded = client.readInbound();
        try {
            assertThat(decoded.isFinalFragment()).isTrue();
            return decoded.text();
        } finally {
            decoded.release();
            client.finishAndReleaseAll();
        }
    }
}
