package io.vestnik.gateway;

import io.netty.channel.embedded.EmbeddedChannel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vestnik.broker.Envelope;
import io.vestnik.broker.LocalRouter;
import io.vestnik.broker.MemoryBroker;
import io.vestnik.broker.Subscriber;
import io.vestnik.broker.Topics;
import io.vestnik.jmh.SampleMessage;
import io.vestnik.jmh.ShortRun;
import io.vestnik.metrics.Metrics;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One {@code new_message} fanned out to a chat's recipients spread over two Vert.x event loops,
 * the whole way a node does it (decision 0038): {@link LocalRouter} over {@link MemoryBroker}, the
 * topic's subscribers grouped by executor ({@code broker.TopicSubscribers}: one task per loop),
 * {@link EventLoopWrites} (each recipient on a context duplicated from its loop's, as a
 * connection's is, so keying the writes by the duplicate again would show as one task, encode and
 * flush per recipient), {@link LoopWrites} writing one {@link TextFrames}-encoded frame to each
 * recipient's pipeline ({@link DroppingTransport}), one flush per channel, {@code
 * Metrics.delivered} once per loop. A recipient does what {@code Connection} does with a live
 * message, without the feed's ordering ({@code ChatStreamsBenchmark} has that).
 *
 * <p>The publishing thread runs at most {@link #IN_FLIGHT} messages ahead of the loops, as a broker
 * thread does not wait for them: one operation is one message published, and in the steady state
 * the time per operation is the time to fan one out. In this package because the writes are
 * package-private.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EventLoopFanOutBenchmark extends ShortRun {
    private static final int LOOPS = 2;
    private static final int IN_FLIGHT = 16;
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final String SENDER = "recipient-0";

    @Param({"100", "1000"})
    int recipients;

    private final String frame = SampleMessage.frame(4_096);
    private final String topic = Topics.chat(SampleMessage.CHAT_ID);
    private Vertx vertx;
    private LocalRouter router;
    private EmbeddedChannel[] channels;
    private AtomicLong[] writtenByLoop;
    private long published;

    /** A connection's part in a live message: its frame written, then counted as delivered. */
    private record Recipient(String id, LoopWrites writes, LoopWrites.Out out, AtomicLong written) implements Subscriber {
        @Override
        public Executor executor() {
            return writes;
        }

        @Override
        public void deliver(Envelope envelope) {
            if (!writes.write(out, envelope.payload())) throw new IllegalStateException(id + "'s channel refused the frame");
            writes.delivered(envelope.publishedAtMillis());
            // Only this loop adds to its count: an ordered store, no atomic update per recipient.
            written.lazySet(written.get() + 1);
        }

        @Override
        public void receive(Envelope envelope) {
            throw new UnsupportedOperationException("this benchmark publishes events only, no instructions");
        }
    }

    @Setup
    public void open() {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(LOOPS));
        ContextInternal[] loops = new ContextInternal[LOOPS];
        writtenByLoop = new AtomicLong[LOOPS];
        for (int i = 0; i < LOOPS; i++) {
            loops[i] = ((VertxInternal) vertx).createEventLoopContext();
            writtenByLoop[i] = new AtomicLong();
        }
        if (loops[0].nettyEventLoop() == loops[1].nettyEventLoop()) throw new IllegalStateException("both contexts on one loop");
        MemoryBroker broker = new MemoryBroker();
        Metrics metrics = new Metrics("jmh");
        router = new LocalRouter(broker, metrics);
        broker.start(router);
        EventLoopWrites writes = new EventLoopWrites(metrics);
        channels = new EmbeddedChannel[recipients];
        for (int i = 0; i < recipients; i++) {
            channels[i] = DroppingTransport.webSocket();
            var recipient = new Recipient("recipient-" + i, writes.of(loops[i % LOOPS].duplicate()),
                    new LoopWrites.Out(channels[i]), writtenByLoop[i % LOOPS]);
            router.join(topic, recipient).toCompletableFuture().join();
        }
    }

    @TearDown(Level.Iteration)
    public void drain() {
        awaitFannedOut(published);
    }

    @TearDown
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
        for (EmbeddedChannel channel : channels) channel.finishAndReleaseAll();
    }

    @Benchmark
    public void publish() {
        awaitFannedOut(published - IN_FLIGHT + 1);
        router.publish(Envelope.event(topic, SampleMessage.CHAT_ID, 4_096, SENDER, frame));
        published++;
    }

    /** Waits until the first {@code messages} published reached every recipient but the sender. */
    private void awaitFannedOut(long messages) {
        long expected = messages * (recipients - 1);
        long since = 0;
        for (int spins = 0; written() < expected; spins++) {
            // Two loops and this thread on a shared machine: spinning alone would starve a loop.
            Thread.yield();
            if ((spins & 0xFFF) != 0) continue;
            if (since == 0) since = System.nanoTime();
            else if (System.nanoTime() - since > STALL_NANOS) throw new IllegalStateException("the loops stopped writing");
        }
    }

    private long written() {
        long sum = 0;
        for (AtomicLong written : writtenByLoop) sum += written.get();
        return sum;
    }
}
