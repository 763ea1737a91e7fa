package io.vestnik.gateway;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.util.ReferenceCountUtil;

/**
 * The transport of the fan-out benchmarks: takes each buffer and drops it, as a socket that always
 * has room would, so no syscall is timed. Below it nothing else runs.
 */
final class DroppingTransport extends ChannelOutboundHandlerAdapter {

    /** A server WebSocket's pipeline as Vert.x leaves it for frames: its encoder (unmasked) over this transport. */
    static EmbeddedChannel webSocket() {
        return new EmbeddedChannel(new DroppingTransport(), new WebSocket13FrameEncoder(false));
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ReferenceCountUtil.release(msg);
        promise.trySuccess();
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        // nothing is buffered below: every write was dropped already
    }
}
