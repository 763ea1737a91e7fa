package io.vestnik.loadgen.client;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.vestnik.loadgen.report.Metrics;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One load-generator connection: reads frames through its {@link Protocol}, keeps its own in-flight
 * sends and feeds {@link Metrics}. Everything here runs on the channel's event loop, so the in-flight
 * map needs no locking.
 */
public final class ClientConnection extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    private final int index;
    private final Protocol protocol;
    private final Metrics metrics;
    private final int maxInFlight;
    private final CompletableFuture<ClientConnection> ready = new CompletableFuture<>();
    // client_id -> sender's nanoTime; acks may come back out of order.
    private final Map<String, Long> inFlight = new HashMap<>();
    private long startNanos;
    private long sequence;
    private Channel channel;
    private Sender sender;
    private volatile boolean closing;

    public ClientConnection(int index, Protocol protocol, Metrics metrics, int maxInFlight) {
        this.index = index;
        this.protocol = protocol;
        this.metrics = metrics;
        this.maxInFlight = maxInFlight;
    }

    /** Completes when the protocol says the connection is ready, or fails with why it never was. */
    public CompletableFuture<ClientConnection> ready() {
        return ready;
    }

    void started(long nanos) {
        startNanos = nanos;
    }

    void fail(Throwable cause) {
        ready.completeExceptionally(cause);
    }

    public int index() {
        return index;
    }

    public Channel channel() {
        return channel;
    }

    void attach(Sender sender) {
        this.sender = sender;
    }

    /** Sends one message if the in-flight window has room; event loop only. */
    boolean trySend() {
        if (inFlight.size() >= maxInFlight || !channel.isActive()) return false;
        String clientId = index + "-" + sequence++;
        long now = System.nanoTime();
        inFlight.put(clientId, now);
        metrics.sent(now);
        channel.writeAndFlush(new TextWebSocketFrame(protocol.send(index, clientId, now)));
        return true;
    }

    int inFlight() {
        return inFlight.size();
    }

    /** Closes without counting the close as a failure. */
    public void close() {
        closing = true;
        if (channel != null) channel.close();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        super.channelActive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            for (String frame : protocol.opening(index)) ctx.writeAndFlush(new TextWebSocketFrame(frame));
        } else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            fail(new IOException("WebSocket handshake timed out"));
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
        long now = System.nanoTime();
        Inbound inbound = protocol.read(index, frame.text(), text -> ctx.writeAndFlush(new TextWebSocketFrame(text)));
        switch (inbound) {
            case Inbound.Ready r -> {
                if (!ready.isDone()) {
                    metrics.connected(startNanos, now);
                    ready.complete(this);
                }
            }
            case Inbound.Ack ack -> {
                Long sentAt = inFlight.remove(ack.clientId());
                if (sentAt != null) metrics.acked(sentAt, now);
                windowOpened();
            }
            case Inbound.Refused refused -> {
                Long sentAt = inFlight.remove(refused.clientId());
                if (sentAt != null) metrics.refused(sentAt);
                windowOpened();
            }
            case Inbound.Delivery delivery -> metrics.delivered(delivery.sentAtNanos(), now);
            case Inbound.Ignored ignored -> { }
        }
    }

    private void windowOpened() {
        if (sender != null) sender.windowOpened();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!ready.isDone()) {
            fail(new IOException("Closed before the protocol was ready"));
        } else if (!closing) {
            metrics.closedEarly();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause);
        ctx.close();
    }
}
