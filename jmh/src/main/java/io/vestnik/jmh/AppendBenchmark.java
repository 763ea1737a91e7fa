package io.vestnik.jmh;

import io.vestnik.domain.Message;
import io.vestnik.store.MessageStore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Seq assignment: {@link MessageStore#append} stores a message as its chat's next seq and returns
 * once it is committed. Four threads append at once, either all to one chat or spread over many
 * chats; each waits for its commit before the next, so a group commit holds at most four appends
 * ({@link QueuedAppendBenchmark} keeps many queued). Each append has a fresh client id, so none is
 * a retry.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(4)
public class AppendBenchmark extends ShortRun {
    @Param({"sqlite", "postgres"})
    String engine;

    @Param({"1", "64"})
    int chats;

    private BenchStorage opened;
    private MessageStore messages;
    private AppendTarget target;
    private final AtomicLong appended = new AtomicLong();

    @Setup
    public void open() {
        opened = BenchStorage.open(engine);
        messages = opened.storage().messages();
        target = AppendTarget.create(opened.storage(), chats);
    }

    @TearDown
    public void close() {
        opened.close();
    }

    @Benchmark
    public Message append() {
        return messages.append(target.message(appended.getAndIncrement())).message();
    }
}
