package io.vestnik.jmh;

import io.vestnik.domain.ChatKind;
import io.vestnik.domain.Message;
import io.vestnik.store.ChatStore;
import io.vestnik.store.MessageStore;
import io.vestnik.store.Storage;
import java.time.Instant;
import java.util.List;
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
 * Seq assignment: {@link MessageStore#append} stores a message as its chat's next seq in one
 * committed transaction. Four threads append at once, either all to one chat (they queue on that
 * chat's row lock) or spread over many chats (they need not wait for each other, though SQLite
 * has one writer for the whole file). Each append has a fresh client id, so none is a retry.
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
    private long senderId;
    private long[] chatIds;
    private final AtomicLong appended = new AtomicLong();

    @Setup
    public void open() {
        opened = BenchStorage.open(engine);
        Storage storage = opened.storage();
        messages = storage.messages();
        Instant now = Instant.now();
        senderId = storage.users().create("jmh-sender", "JMH", "not-a-hash", now).orElseThrow().id();
        chatIds = new long[chats];
        for (int i = 0; i < chats; i++) {
            var chat = new ChatStore.NewChat(ChatKind.GROUP, "jmh " + i, null, senderId, List.of(), null);
            chatIds[i] = storage.chats().create(chat, now).chat().id();
        }
    }

    @TearDown
    public void close() {
        opened.close();
    }

    @Benchmark
    public Message append() {
        long n = appended.getAndIncrement();
        long chatId = chatIds[(int) (n % chatIds.length)];
        var message = new MessageStore.NewMessage(chatId, senderId, "jmh-" + n, SampleMessage.BODY, null, null,
                List.of(), Instant.now());
        return messages.append(message).message();
    }
}
