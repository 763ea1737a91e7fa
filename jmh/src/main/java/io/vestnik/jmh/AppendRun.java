package io.vestnik.jmh;

import io.vestnik.store.MessageStore;
import io.vestnik.store.StorageMeters;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What the append benchmarks share: appends/s on each engine, to one chat or spread over many,
 * into a storage on a database of its own ({@link BenchStorage}) with the chats of an
 * {@link AppendTarget}. Subclasses open it in their setup and close it in their tear-down.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public abstract class AppendRun extends ShortRun {
    @Param({"sqlite", "postgres"})
    String engine;

    @Param({"1", "64"})
    int chats;

    MessageStore messages;
    AppendTarget target;
    private BenchStorage opened;

    void openStorage(StorageMeters meters) {
        opened = BenchStorage.open(engine, meters);
        messages = opened.storage().messages();
        target = AppendTarget.create(opened.storage(), chats);
    }

    void closeStorage() {
        opened.close();
    }
}
