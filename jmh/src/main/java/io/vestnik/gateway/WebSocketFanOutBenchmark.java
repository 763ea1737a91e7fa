package io.vestnik.gateway;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.vestnik.jmh.SampleMessage;
import io.vestnik.jmh.ShortRun;
import io.vestnik.metrics.Metrics;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One message written to every recipient on one event loop, through a real Netty pipeline with
 * the WebSocket encoder ({@link DroppingTransport}: no syscall is timed):
 * {@code perRecipient} is what Vert.x's {@code writeTextMessage} did for each recipient (UTF-8
 * encode, a frame, the encoder's header and copy, a flush), {@code encodedOnce} is
 * {@link LoopWrites} (decision 0038): one encode, a retained duplicate per recipient, one flush
 * per channel. In this package because {@link LoopWrites} is package-private.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WebSocketFanOutBenchmark extends ShortRun {
    @Param({"100"})
    int recipients;

    private final String frame = SampleMessage.frame(4_096);
    private EmbeddedChannel[] channels;
    private LoopWrites.Out[] outs;
    private LoopWrites writes;

    @Setup
    public void open() {
        channels = new EmbeddedChannel[recipients];
        outs = new LoopWrites.Out[recipients];
        for (int i = 0; i < recipients; i++) {
            channels[i] = DroppingTransport.webSocket();
            outs[i] = new LoopWrites.Out(channels[i]);
        }
        writes = new LoopWrites(Runnable::run, new Metrics("jmh"));
    }

    @Benchmark
    public void perRecipient() {
        for (EmbeddedChannel channel : channels) {
            channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(frame.getBytes(StandardCharsets.UTF_8))),
                    channel.voidPromise());
        }
    }

    @Benchmark
    public void encodedOnce() {
        writes.execute(() -> {
            for (LoopWrites.Out out : outs) writes.write(out, frame);
        });
    }
}
