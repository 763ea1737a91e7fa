package io.vestnik.loadgen.raw;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A minimal Netty WebSocket room-broadcast server (see {@link RoomHandler}): the physical ceiling of
 * fan-out on this machine, run beside Vestnik and Socket.IO in the same benchmark. Binds loopback
 * only; any path upgrades.
 *
 * <p>{@code java -cp vestnik-loadgen.jar io.vestnik.loadgen.raw.RawBroadcastServer [port] [threads]}
 */
public final class RawBroadcastServer implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel server;

    private RawBroadcastServer(EventLoopGroup group, Channel server) {
        this.group = group;
        this.server = server;
    }

    /** Starts on 127.0.0.1; port 0 picks a free one. */
    public static RawBroadcastServer start(int port, int threads) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Class<? extends ServerChannel> type = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        Map<Long, Set<Channel>> rooms = new ConcurrentHashMap<>();
        WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/").checkStartsWith(true).maxFramePayloadLength(1 << 20).build();
        Channel server = new ServerBootstrap().group(group).channel(type)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024),
                                new WebSocketServerProtocolHandler(ws), new RoomHandler(rooms));
                    }
                })
                .bind("127.0.0.1", port).sync().channel();
        return new RawBroadcastServer(group, server);
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8090;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        RawBroadcastServer server = start(port, threads);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("raw broadcast server on ws://127.0.0.1:" + server.port() + "/ (pid "
                + ProcessHandle.current().pid() + ")");
        server.server.closeFuture().sync();
    }
}
