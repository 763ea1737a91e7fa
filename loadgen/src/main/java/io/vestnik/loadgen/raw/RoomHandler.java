package io.vestnik.loadgen.raw;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.vestnik.loadgen.client.JsonScan;
import java.util.Map;

/**
 * The ceiling's whole protocol, and a connection's membership. First frame {@code {"room":N}} joins
 * room N (answered with {@code {"type":"joined","room":N}}); every later frame goes, byte for byte, to
 * the room's other members and is acked to the sender with {@code {"type":"ack","client_id":...}}.
 * No parsing beyond the ack's client id, no storage, no auth. Runs on the connection's event loop.
 */
final class RoomHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    private final Map<Long, Room> rooms;
    private ChannelHandlerContext ctx;
    private Room room;
    private LoopMembers here;
    private boolean dirty;

    RoomHandler(Map<Long, Room> rooms) {
        this.rooms = rooms;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
        if (room == null) {
            join(frame.text());
            return;
        }
        room.broadcast(Frames.text(ctx.alloc(), frame.content()), this);
        String clientId = JsonScan.string(frame.text(), "client_id");
        here.write(this, Frames.text(ctx.alloc(), "{\"type\":\"ack\",\"client_id\":\"" + clientId + "\"}"));
    }

    private void join(String text) {
        long id = JsonScan.number(text, "room", Long.MIN_VALUE);
        if (id == Long.MIN_VALUE) {
            ctx.close(); // the first frame must be a join
            return;
        }
        room = rooms.computeIfAbsent(id, k -> new Room());
        here = room.on(ctx.channel().eventLoop());
        here.add(this);
        ctx.writeAndFlush(Frames.text(ctx.alloc(), "{\"type\":\"joined\",\"room\":" + id + "}"));
    }

    void write(ByteBuf frame) {
        ctx.write(frame, ctx.voidPromise());
    }

    /** True if this member was clean: the caller must flush it after the iteration. */
    boolean markDirty() {
        if (dirty) return false;
        dirty = true;
        return true;
    }

    void flush() {
        dirty = false;
        ctx.flush();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (here != null) here.remove(this);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
