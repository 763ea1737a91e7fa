package io.vestnik.loadgen.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import java.net.URI;
import java.util.Map;

/**
 * The WebSocket client core: one event-loop group (epoll when available) carrying every connection.
 * No reconnects: a dropped connection is a result to report, not something to hide.
 */
public final class WsClient implements AutoCloseable {
    private static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    private static final int MAX_FRAME = 1 << 20;

    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelType;

    public WsClient(int threads) {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(threads, io);
        this.channelType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    public String transport() {
        return channelType == EpollSocketChannel.class ? "epoll" : "nio";
    }

    /** Opens {@code uri} for {@code connection}; its {@code ready()} future tells how it went. */
    public void connect(URI uri, Map<String, String> headers, ClientConnection connection) {
        DefaultHttpHeaders upgradeHeaders = new DefaultHttpHeaders();
        headers.forEach(upgradeHeaders::add);
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .customHeaders(upgradeHeaders)
                .handshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS)
                .maxFramePayloadLength(MAX_FRAME)
                .generateOriginHeader(false) // a non-browser client: no Origin, as a native app would send
                .dropPongFrames(true)
                .build();
        connection.started(System.nanoTime());
        new Bootstrap().group(group).channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, HANDSHAKE_TIMEOUT_MILLIS)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(64 * 1024),
                                new WebSocketClientProtocolHandler(config), connection);
                    }
                })
                .connect(uri.getHost(), port(uri))
                .addListener(f -> {
                    if (!f.isSuccess()) connection.fail(f.cause());
                });
    }

    private static int port(URI uri) {
        if (uri.getPort() > 0) return uri.getPort();
        return "wss".equals(uri.getScheme()) ? 443 : 80;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
