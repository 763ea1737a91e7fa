package io.vestnik.jmh;

import io.vestnik.domain.Message;
import io.vestnik.protocol.Json;
import io.vestnik.protocol.ServerEvent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Encoding a {@code new_message} event: done once per message (chat.Events), then the text
 * travels to every node and recipient. {@link #frameTextToUtf8} is what the socket write does
 * with that text for each recipient (Vert.x's writeTextMessage encodes the String again).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FrameEncodeBenchmark extends ShortRun {
    private final Message message = SampleMessage.at(4_096);
    private final String frame = SampleMessage.frame(4_096);

    @Benchmark
    public String newMessageToText() {
        return Json.write(new ServerEvent.NewMessage(message.chatId(), message));
    }

    @Benchmark
    public byte[] newMessageToUtf8() {
        return Json.writeBytes(new ServerEvent.NewMessage(message.chatId(), message));
    }

    @Benchmark
    public byte[] frameTextToUtf8() {
        return frame.getBytes(StandardCharsets.UTF_8);
    }
}
