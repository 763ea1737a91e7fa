package io.vestnik.jmh;

import io.micrometer.core.instrument.MeterRegistry;
import io.vestnik.domain.Message;
import io.vestnik.store.MessageStore;
import io.vestnik.store.MessageStore.Appended;
import io.vestnik.store.StorageMeters;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The group commit under load: {@link MessageStore#appendQueued} with {@code inFlight} appends
 * outstanding at once, as connections with sends in flight keep them, over {@code chats} chats.
 * Each operation waits for the oldest append's commit and queues the next one, so the score is
 * appends per second with that many outstanding. The lanes ({@code store.sql.GroupCommit}) take
 * whatever queued during their previous commit, so batches grow toward {@code inFlight}, and each
 * plain batch is {@code store.sql.AppendBatch}'s fixed statements: a regression of either shows
 * here, where {@link AppendBenchmark}'s blocking appends make batches of four at most.
 *
 * <p>Beside appends/s, JMH reports {@code commits}/s: their ratio is the mean batch. Every append
 * is checked to take its chat's next seq, in the order queued.
 */
@Threads(1)
public class QueuedAppendBenchmark extends AppendRun {
    /** The group commit's batch bound; {@code -p inFlight=64,128} for the effect of a smaller window. */
    @Param({"128"})
    int inFlight;

    private final AtomicLong committed = new AtomicLong();
    /** The appends outstanding, oldest at {@code queued % inFlight}. */
    private CompletableFuture<Appended>[] window;
    private long[] lastSeqOfChat;
    private long queued;
    private long commitsCounted;

    /** Group commits, counted as the benchmark's operations are. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Commits {
        public long commits;

        @Setup(Level.Iteration)
        public void reset() {
            commits = 0;
        }
    }

    @Setup
    @SuppressWarnings("unchecked")
    public void open() {
        openStorage(new StorageMeters() {
            @Override
            public MeterRegistry registry() {
                return null;
            }

            @Override
            public void committed(int messages, long nanos) {
                committed.incrementAndGet();
            }
        });
        window = new CompletableFuture[inFlight];
        lastSeqOfChat = new long[chats];
    }

    @TearDown
    public void close() {
        for (long n = Math.max(0, queued - inFlight); n < queued; n++) completed(n);
        closeStorage();
    }

    @Benchmark
    public Message append(Commits commits) {
        Message oldest = queued < inFlight ? null : completed(queued - inFlight);
        window[slotOf(queued)] = messages.appendQueued(target.message(queued));
        queued++;
        long now = committed.get();
        commits.commits += now - commitsCounted;
        commitsCounted = now;
        return oldest;
    }

    /** The n-th append's message once committed, checked to be its chat's next seq. */
    private Message completed(long n) {
        Message message = window[slotOf(n)].join().message();
        int chat = target.chatOf(n);
        long expected = lastSeqOfChat[chat] + 1;
        if (lastSeqOfChat[chat] > 0 && message.seq() != expected) {
            throw new IllegalStateException("append " + n + " took seq " + message.seq() + ", not " + expected);
        }
        lastSeqOfChat[chat] = message.seq();
        return message;
    }

    private int slotOf(long n) {
        return (int) (n % inFlight);
    }
}
