package io.vestnik.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.vertx.core.http.HttpConnection;

/** Bytes written to a socket that its client has not yet taken: Netty's outbound buffer. */
public final class OutboundBytes {
    private OutboundBytes() {}

    /** Readable from any thread (Netty keeps the total in a volatile); 0 once the channel is gone. */
    public static long pending(Channel channel) {
        ChannelOutboundBuffer buffer = channel == null ? null : channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    /** The channel under an HTTP/1.1 connection (the node serves no other), or null. */
    public static Channel channelOf(HttpConnection connection) {
        return connection instanceof io.vertx.core.net.impl.ConnectionBase base ? base.channel() : null;
    }
}
