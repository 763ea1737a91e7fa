package io.vestnik.loadgen.raw;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.vestnik.loadgen.client.JsonScan;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ceiling peer's whole protocol. First frame {@code {"room":N}} joins room N (answered with
 * {@code {"type":"joined","room":N}}); every later frame goes to the room's other members and is acked
 * to the sender with {@code {"type":"ack","client_id":...}}.
 *
 * <p>Encode once, write to all: the inbound frame's bytes are forwarded unchanged, each member gets a
 * {@code retainedDuplicate()} sharing the one buffer. No parsing beyond the ack's client id, no storage,
 * no auth: what is left is the cost of the writes themselves, the most any chat server could fan out.
 */
final class RoomHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    private final Map<Long, Set<Channel>> rooms;
    private Set<Channel> room;

    RoomHandler(Map<Long, Set<Channel>> rooms) {
        this.rooms = rooms;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
        String text = frame.text();
        if (room == null) {
            long id = JsonScan.number(text, "room", Long.MIN_VALUE);
            if (id == Long.MIN_VALUE) {
                ctx.close(); // the first frame must be a join
                return;
            }
            room = rooms.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet());
            room.add(ctx.channel());
            ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"joined\",\"room\":" + id + "}"));
            return;
        }
        Channel sender = ctx.channel();
        for (Channel member : room) {
            if (member != sender) member.writeAndFlush(frame.retainedDuplicate());
        }
        String clientId = JsonScan.string(text, "client_id");
        ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"ack\",\"client_id\":\"" + clientId + "\"}"));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (room != null) room.remove(ctx.channel());
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
