package io.vestnik.gateway;

import io.vestnik.jmh.SampleMessage;
import io.vestnik.jmh.ShortRun;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The per-connection ordering every live {@code new_message} passes through: {@link ChatStreams}
 * receiving each chat's next seq, in order, and writing it on (to a blackhole instead of a
 * socket). The connection is in {@code chats} chats and messages arrive round-robin over them.
 * In the same package as {@link ChatStreams} because it is package-private.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChatStreamsBenchmark extends ShortRun {
    private static final long PUBLISHED_AT = 1_795_000_000_000L;

    @Param({"1", "100"})
    int chats;

    private ChatStreams streams;
    private final String frame = SampleMessage.frame(4_096);
    private long[] nextSeq;
    private int turn;

    @Setup
    public void track(Blackhole blackhole) {
        ChatStreams.GapFiller neverCalled = (chatId, afterSeq, limit, onFetched) -> {
            throw new IllegalStateException("messages in order must never need a fetch");
        };
        ChatStreams.Timer noGrace = (millis, task) -> {
            throw new IllegalStateException("messages in order never open a gap");
        };
        streams = new ChatStreams((chatId, seq, text, publishedAt) -> blackhole.consume(text), neverCalled, noGrace);
        nextSeq = new long[chats];
        for (int i = 0; i < chats; i++) {
            streams.track(chatId(i), 0);
            nextSeq[i] = 1;
        }
    }

    @Benchmark
    public void onLiveInOrder() {
        int i = turn;
        turn = i + 1 == chats ? 0 : i + 1;
        streams.onLive(chatId(i), nextSeq[i]++, frame, PUBLISHED_AT);
    }

    /** Real chat ids are large: boxing them for the stream map allocates, as it does in the server. */
    private static long chatId(int i) {
        return SampleMessage.CHAT_ID + i;
    }
}
