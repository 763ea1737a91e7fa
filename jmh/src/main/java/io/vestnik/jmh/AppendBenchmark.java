package io.vestnik.jmh;

import io.vestnik.domain.Message;
import io.vestnik.store.MessageStore;
import io.vestnik.store.StorageMeters;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Seq assignment: {@link MessageStore#append} stores a message as its chat's next seq and returns
 * once it is committed. Four threads append at once, either all to one chat or spread over many
 * chats; each waits for its commit before the next, so a group commit holds at most four appends
 * ({@link QueuedAppendBenchmark} keeps many queued). Each append has a fresh client id, so none is
 * a retry.
 */
@Threads(4)
public class AppendBenchmark extends AppendRun {
    private final AtomicLong appended = new AtomicLong();

    @Setup
    public void open() {
        openStorage(StorageMeters.NONE);
    }

    @TearDown
    public void close() {
        closeStorage();
    }

    @Benchmark
    public Message append() {
        return messages.append(target.message(appended.getAndIncrement())).message();
    }
}
