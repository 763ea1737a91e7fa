package io.vestnik.cache;

import io.vestnik.store.Storage;
import io.vestnik.store.sql.SqliteStorage;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The cache contract on this node's memory, over SQLite. */
class MemoryChatCacheTest extends ChatCacheContract {
    @TempDir
    Path dataDir;

    @Override
    protected Storage openStorage() {
        return new SqliteStorage(dataDir.resolve("data"));
    }

    @Override
    protected ChatCache openCache(Storage storage) {
        return new MemoryChatCache(100);
    }
}
