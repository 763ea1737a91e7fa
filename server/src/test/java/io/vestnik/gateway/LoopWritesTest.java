package io.vestnik.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.util.ResourceLeakDetector;
import io.vestnik.metrics.Metrics;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LoopWritesTest {
    private static final String HELLO = "{\"type\":\"new_message\",\"body\":\"Привет 👋\"}";
    private static final String BYE = "{\"type\":\"typing\"}";

    private final Loop loop = new Loop();
    private final Metrics metrics = new Metrics("test");
    private final LoopWrites writes = new LoopWrites(loop, metrics);

    private static ResourceLeakDetector.Level level;

    @BeforeAll
    static void trackEveryBuffer() {
        level = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    /** The level is JVM-wide: the tests that run next in this JVM get theirs back. */
    @AfterAll
    static void trackAsBefore() {
        ResourceLeakDetector.setLevel(level);
    }

    /** A stand-in for an event loop: queues tasks until told to run them. */
    private static final class Loop implements Executor {
        final Queue<Runnable> queued = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            queued.add(task);
        }

        void runQueued() {
            while (!queued.isEmpty()) queued.poll().run();
        }
    }

    /** Counts the flushes that reach the transport. */
    private static final class Flushes extends ChannelOutboundHandlerAdapter {
        int count;

        @Override
        public void flush(ChannelHandlerContext ctx) {
            count++;
            ctx.flush();
        }
    }

    private record Socket(EmbeddedChannel channel, Flushes flushes, LoopWrites.Out out) {
        static Socket open() {
            Flushes flushes = new Flushes();
            EmbeddedChannel channel = new EmbeddedChannel(flushes, new WebSocket13FrameEncoder(false));
            return new Socket(channel, flushes, new LoopWrites.Out(channel));
        }

        /** Every buffer the transport took, released. */
        List<ByteBuf> taken() {
            List<ByteBuf> taken = new ArrayList<>();
            for (ByteBuf buf; (buf = channel.readOutbound()) != null; ) taken.add(buf);
            return taken;
        }
    }

    @Test
    void a_task_encodes_each_frame_once_and_flushes_each_channel_once() {
        List<Socket> sockets = List.of(Socket.open(), Socket.open(), Socket.open());
        writes.execute(() -> {
            for (Socket socket : sockets) writes.write(socket.out(), HELLO);
            for (Socket socket : sockets) writes.write(socket.out(), BYE);
        });
        assertThat(sockets).allSatisfy(socket -> assertThat(socket.flushes().count).as("before the task ran").isZero());

        loop.runQueued();

        List<ByteBuf> shared = new ArrayList<>();
        for (Socket socket : sockets) {
            assertThat(socket.flushes().count).isEqualTo(1);
            List<ByteBuf> taken = socket.taken();
            assertThat(bytes(taken)).isEqualTo(concat(nettyEncoded(HELLO), nettyEncoded(BYE)));
            shared.add(root(taken.getFirst()));
            taken.forEach(ByteBuf::release);
        }
        assertThat(shared).as("one buffer behind every recipient's frame").allSatisfy(buffer -> assertThat(buffer).isSameAs(shared.getFirst()));
        assertThat(shared.getFirst().refCnt()).as("released once every recipient's write is done").isZero();
    }

    @Test
    void frames_are_the_bytes_netty_would_write_for_each_length_form() {
        Socket socket = Socket.open();
        for (int length : new int[] {0, 125, 126, 65_535, 65_536, 200_000}) {
            String text = "ж".repeat(length / 2) + "x".repeat(length % 2);
            writes.execute(() -> writes.write(socket.out(), text));
            loop.runQueued();
            List<ByteBuf> taken = socket.taken();
            assertThat(bytes(taken)).as("%d bytes of text", length).isEqualTo(nettyEncoded(text));
            taken.forEach(ByteBuf::release);
        }
    }

    @Test
    void a_closed_channel_is_not_written_and_holds_no_buffer() {
        Socket open = Socket.open();
        Socket closed = Socket.open();
        Socket closesMidTask = Socket.open();
        closed.channel().close();
        List<Boolean> written = new ArrayList<>();
        writes.execute(() -> {
            written.add(writes.write(closed.out(), HELLO));
            written.add(writes.write(closesMidTask.out(), HELLO));
            written.add(writes.write(open.out(), HELLO));
            closesMidTask.channel().close();
        });
        loop.runQueued();

        assertThat(written).containsExactly(false, true, true);
        assertThat(closesMidTask.taken()).as("dropped, unflushed, with the channel").isEmpty();
        List<ByteBuf> taken = open.taken();
        ByteBuf shared = root(taken.getFirst());
        taken.forEach(ByteBuf::release);
        assertThat(shared.refCnt()).isZero();
    }

    @Test
    void writes_outside_a_task_are_flushed_together_by_one_queued_task() {
        Socket first = Socket.open();
        Socket second = Socket.open();
        writes.write(first.out(), HELLO);
        writes.write(second.out(), HELLO);
        writes.write(first.out(), BYE);

        assertThat(loop.queued).hasSize(1);
        loop.runQueued();

        assertThat(first.flushes().count).isEqualTo(1);
        assertThat(second.flushes().count).isEqualTo(1);
        List<ByteBuf> taken = first.taken();
        assertThat(bytes(taken)).isEqualTo(concat(nettyEncoded(HELLO), nettyEncoded(BYE)));
        taken.forEach(ByteBuf::release);
        second.taken().forEach(ByteBuf::release);
    }

    @Test
    void deliveries_are_counted_per_task_and_timed_once_per_message() {
        long published = System.currentTimeMillis();
        writes.execute(() -> {
            for (int i = 0; i < 100; i++) writes.delivered(published);
            writes.delivered(published + 1);
        });
        assertThat(deliveries()).isZero();

        loop.runQueued();

        assertThat(deliveries()).isEqualTo(101);
        assertThat(metrics.registry().get("vestnik_delivery_latency").timer().count()).isEqualTo(2);
    }

    private double deliveries() {
        return metrics.registry().get("vestnik_deliveries").counter().count();
    }

    /** The allocated buffer under a duplicate (and under the leak detector's wrappers). */
    private static ByteBuf root(ByteBuf buffer) {
        ByteBuf root = buffer;
        while (root.unwrap() != null) root = root.unwrap();
        return root;
    }

    private static byte[] nettyEncoded(String text) {
        EmbeddedChannel channel = new EmbeddedChannel(new WebSocket13FrameEncoder(false));
        channel.writeOutbound(new TextWebSocketFrame(text));
        List<ByteBuf> taken = new ArrayList<>();
        for (ByteBuf buf; (buf = channel.readOutbound()) != null; ) taken.add(buf);
        byte[] bytes = bytes(taken);
        taken.forEach(ByteBuf::release);
        return bytes;
    }

    private static byte[] bytes(List<ByteBuf> buffers) {
        return ByteBufUtil.getBytes(Unpooled.wrappedBuffer(buffers.stream().map(ByteBuf::duplicate).toArray(ByteBuf[]::new)));
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
