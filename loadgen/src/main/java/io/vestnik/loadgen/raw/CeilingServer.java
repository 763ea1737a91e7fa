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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The raw fan-out ceiling: a WebSocket room-broadcast server doing only what the fastest possible chat
 * fan-out would do, run beside Vestnik and Socket.IO in the same benchmark so their figures read as a
 * share of what this machine can deliver.
 *
 * <ul>
 *   <li>each broadcast is encoded once into one complete WebSocket frame ({@link Frames}); every
 *       recipient gets a duplicate of that buffer, never a copy;</li>
 *   <li>a room's members are grouped per event loop ({@link Room}): one task per loop per message,
 *       not one per recipient;</li>
 *   <li>writes are not flushed; each written channel is flushed once at the end of its event loop's
 *       iteration ({@link LoopMembers}).</li>
 * </ul>
 *
 * <p>After the upgrade a connection holds Netty's WebSocket decoder and encoder, the protocol handler
 * and one {@link RoomHandler}: nothing per connection beyond that, so it is S1's ceiling too. Epoll
 * when the machine has it. Binds loopback only; any path upgrades. The wire protocol is
 * {@link RoomHandler}'s.
 *
 * <p>{@code java -cp vestnik-loadgen.jar io.vestnik.loadgen.raw.CeilingServer [port] [threads]}
 */
public final class CeilingServer implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel server;

    private CeilingServer(EventLoopGroup group, Channel server) {
        this.group = group;
        this.server = server;
    }

    /** Starts on 127.0.0.1 with {@code threads} event loops; port 0 picks a free one. */
    public static CeilingServer start(int port, int threads) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Class<? extends ServerChannel> type = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        Map<Long, Room> rooms = new ConcurrentHashMap<>();
        // No UTF-8 validator: one handler less per connection; the frames are forwarded, not read as text.
        WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/").checkStartsWith(true).maxFramePayloadLength(1 << 20)
                .withUTF8Validator(false).build();
        Channel server = new ServerBootstrap().group(group).channel(type)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        // The handshake removes the codec and the aggregator again.
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024),
                                new WebSocketServerProtocolHandler(ws), new RoomHandler(rooms));
                    }
                })
                .bind("127.0.0.1", port).sync().channel();
        return new CeilingServer(group, server);
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
        CeilingServer server = start(port, threads);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("raw fan-out ceiling on ws://127.0.0.1:" + server.port() + "/ (pid "
                + ProcessHandle.current().pid() + ")");
        server.server.closeFuture().sync();
    }
}
